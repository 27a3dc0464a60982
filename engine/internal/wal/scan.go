package wal

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"

	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

// scanBufferSize bounds the read-ahead buffer of a scan.
const scanBufferSize = 256 << 10

// scanner walks the valid records of one log generation, front to back,
// stopping at the first record that is incomplete, too long, out of LSN
// sequence or fails its checksum.
type scanner struct {
	r       *bufio.Reader
	off     int64  // file offset of the next record: the end of the valid prefix so far
	limit   int64  // file offset scanning must not pass
	lsn     uint64 // LSN the next record must carry
	chain   uint32 // chain value the next record's checksum continues over
	payload []byte // reused for each record's payload
}

// newScanner scans f's records in [HeaderSize, limit) for a generation with
// header h.
func newScanner(f vfs.File, limit int64, h header) *scanner {
	size := int64(scanBufferSize)
	if n := limit - HeaderSize; n < size {
		size = max(n, 16)
	}
	return &scanner{
		r:     bufio.NewReaderSize(io.NewSectionReader(f, HeaderSize, limit-HeaderSize), int(size)),
		off:   HeaderSize,
		limit: limit,
		lsn:   h.base,
		chain: h.salt,
	}
}

// next returns the next valid record. ok is false at the end of the valid
// prefix, which is then s.off. The payload is valid until the next call. err
// reports a read error other than reaching the end of the file.
func (s *scanner) next() (lsn uint64, payload []byte, ok bool, err error) {
	var rh [RecordHeaderSize]byte
	if s.limit-s.off < RecordHeaderSize {
		return 0, nil, false, nil
	}
	if _, err := io.ReadFull(s.r, rh[:]); err != nil {
		return 0, nil, false, readErr(err, s.off)
	}
	n := int64(binary.LittleEndian.Uint32(rh[0:4]))
	if n > MaxPayload || n > s.limit-s.off-RecordHeaderSize {
		return 0, nil, false, nil
	}
	if binary.LittleEndian.Uint64(rh[8:16]) != s.lsn {
		return 0, nil, false, nil
	}
	if int64(cap(s.payload)) < n {
		s.payload = make([]byte, n)
	}
	p := s.payload[:n]
	if _, err := io.ReadFull(s.r, p); err != nil {
		return 0, nil, false, readErr(err, s.off)
	}
	sum := binary.LittleEndian.Uint32(rh[4:8])
	if recordChecksum(&rh, crc32.Checksum(p, castagnoli), s.chain) != sum {
		return 0, nil, false, nil
	}
	lsn = s.lsn
	s.lsn++
	s.chain = sum
	s.off += RecordHeaderSize + n
	return lsn, p, true, nil
}

// readErr turns a failed read inside the scan limit into an error. Reaching
// the end of the file early means the file shrank underneath the scan.
func readErr(err error, off int64) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: file ended early reading the record at offset %d", ErrCorrupt, off)
	}
	return fmt.Errorf("wal: read record at offset %d: %w", off, err)
}
