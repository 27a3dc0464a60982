package wal

import (
	"encoding/binary"
	"hash/crc32"
	"testing"
)

// withHeaderCRC recomputes the checksum of the header in b[:HeaderSize].
func withHeaderCRC(b []byte) []byte {
	binary.LittleEndian.PutUint32(b[28:32], crc32.Checksum(b[:28], castagnoli))
	return b
}

func TestHeaderRoundTrip(t *testing.T) {
	for _, h := range []header{{0, 1}, {0xdeadbeef, 12345}, {^uint32(0), MaxLSN}} {
		got, err := decodeHeader(h.encode())
		if err != nil || got != h {
			t.Fatalf("decode(encode(%+v)) = %+v, %v", h, got, err)
		}
	}
}

func TestHeaderBytes(t *testing.T) {
	b := header{salt: 0x04030201, base: 0x0c0b0a0908070605}.encode()
	want := []byte("GRMPYWAL\x01\x00\x00\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x00\x00\x00\x00")
	if string(b[:28]) != string(want) {
		t.Fatalf("header bytes %x, want %x", b[:28], want)
	}
	if got := binary.LittleEndian.Uint32(b[28:]); got != crc32.Checksum(want, crc32.MakeTable(crc32.Castagnoli)) {
		t.Fatalf("header CRC %08x is not CRC32C of bytes [0,28)", got)
	}
}

func TestRecordChecksumCoversEveryField(t *testing.T) {
	payload := []byte("payload")
	base := func() (rh [RecordHeaderSize]byte, sum uint32) {
		sum = putRecordHeader(&rh, len(payload), 42, crc32.Checksum(payload, castagnoli), 99)
		return rh, sum
	}
	rh, sum := base()
	if binary.LittleEndian.Uint32(rh[4:8]) != sum || binary.LittleEndian.Uint64(rh[8:]) != 42 ||
		binary.LittleEndian.Uint32(rh[0:4]) != uint32(len(payload)) {
		t.Fatalf("record header fields wrong: %x", rh)
	}
	variants := map[string]uint32{}
	{
		var r [RecordHeaderSize]byte
		variants["lsn"] = putRecordHeader(&r, len(payload), 43, crc32.Checksum(payload, castagnoli), 99)
		variants["length"] = putRecordHeader(&r, len(payload)+1, 42, crc32.Checksum(payload, castagnoli), 99)
		variants["chain"] = putRecordHeader(&r, len(payload), 42, crc32.Checksum(payload, castagnoli), 98)
		variants["payload"] = putRecordHeader(&r, len(payload), 42, crc32.Checksum([]byte("Payload"), castagnoli), 99)
	}
	for name, s := range variants {
		if s == sum {
			t.Errorf("changing the %s does not change the checksum", name)
		}
	}
}
