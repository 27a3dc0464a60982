package wal

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// Format constants; see the package documentation for the byte layout.
const (
	// HeaderSize is the length of the file header.
	HeaderSize = 32
	// RecordHeaderSize is the length of the framing before each payload.
	RecordHeaderSize = 16
	// MaxPayload is the largest payload a record may carry (64 MiB).
	MaxPayload = 64 << 20
	// Version is the format version this package writes and reads.
	Version = 1
	// MaxLSN is the largest base LSN a header may carry or Reset may be
	// given. It leaves the rest of the uint64 range as headroom, so that LSN
	// arithmetic can never wrap.
	MaxLSN = 1 << 62
)

// magic identifies a GrumpyDB log file.
const magic = "GRMPYWAL"

// castagnoli is the CRC32C table every checksum in the log uses. A
// package-level table is immutable after initialisation.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// header is the decoded file header.
type header struct {
	salt uint32
	base uint64
}

// encode returns the HeaderSize bytes of h.
func (h header) encode() []byte {
	b := make([]byte, HeaderSize)
	copy(b[0:8], magic)
	binary.LittleEndian.PutUint32(b[8:12], Version)
	binary.LittleEndian.PutUint32(b[12:16], h.salt)
	binary.LittleEndian.PutUint64(b[16:24], h.base)
	binary.LittleEndian.PutUint32(b[28:32], crc32.Checksum(b[:28], castagnoli))
	return b
}

// decodeHeader parses and validates a file header.
func decodeHeader(b []byte) (header, error) {
	if len(b) < HeaderSize {
		return header{}, fmt.Errorf("%w: file shorter than its header (%d bytes)", ErrCorrupt, len(b))
	}
	if string(b[0:8]) != magic {
		return header{}, fmt.Errorf("%w: bad magic %q", ErrCorrupt, b[0:8])
	}
	if got, want := binary.LittleEndian.Uint32(b[28:32]), crc32.Checksum(b[:28], castagnoli); got != want {
		return header{}, fmt.Errorf("%w: header checksum %08x, want %08x", ErrCorrupt, got, want)
	}
	if v := binary.LittleEndian.Uint32(b[8:12]); v != Version {
		return header{}, fmt.Errorf("%w: unsupported version %d", ErrCorrupt, v)
	}
	if r := binary.LittleEndian.Uint32(b[24:28]); r != 0 {
		return header{}, fmt.Errorf("%w: reserved header field is %08x", ErrCorrupt, r)
	}
	h := header{
		salt: binary.LittleEndian.Uint32(b[12:16]),
		base: binary.LittleEndian.Uint64(b[16:24]),
	}
	if h.base < 1 || h.base > MaxLSN {
		return header{}, fmt.Errorf("%w: base LSN %d out of range", ErrCorrupt, h.base)
	}
	return h, nil
}

// putRecordHeader fills the record framing rh for a payload of length n
// with LSN lsn, whose payload CRC32C is payloadSum and whose predecessor's
// chain value is chain. It returns the record's checksum, which is the
// chain value of the next record.
func putRecordHeader(rh *[RecordHeaderSize]byte, n int, lsn uint64, payloadSum, chain uint32) uint32 {
	binary.LittleEndian.PutUint32(rh[0:4], uint32(n))
	binary.LittleEndian.PutUint64(rh[8:16], lsn)
	sum := recordChecksum(rh, payloadSum, chain)
	binary.LittleEndian.PutUint32(rh[4:8], sum)
	return sum
}

// recordChecksum continues the payload's CRC32C over the length and LSN
// fields of rh and then over chain.
func recordChecksum(rh *[RecordHeaderSize]byte, payloadSum, chain uint32) uint32 {
	var tail [16]byte
	copy(tail[0:4], rh[0:4])
	copy(tail[4:12], rh[8:16])
	binary.LittleEndian.PutUint32(tail[12:16], chain)
	return crc32.Update(payloadSum, castagnoli, tail[:])
}
