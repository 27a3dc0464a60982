package protocol

import (
	"bytes"
	"strings"
	"testing"
)

// TestAppendEncodings checks the exact bytes of every response kind.
func TestAppendEncodings(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"simple", AppendSimple(nil, "PONG"), "+PONG\r\n"},
		{"simple empty", AppendSimple(nil, ""), "+\r\n"},
		{"simple ok n", AppendSimple(nil, "OK 25"), "+OK 25\r\n"},
		{"error", AppendError(nil, "not authenticated"), "-ERR not authenticated\r\n"},
		{"error empty", AppendError(nil, ""), "-ERR \r\n"},
		{"integer", AppendInteger(nil, 25), ":25\r\n"},
		{"integer zero", AppendInteger(nil, 0), ":0\r\n"},
		{"integer negative", AppendInteger(nil, -9223372036854775808), ":-9223372036854775808\r\n"},
		{"bulk", AppendBulk(nil, []byte(`{"a":1}`)), "$7\r\n{\"a\":1}\r\n"},
		{"bulk empty", AppendBulk(nil, nil), "$0\r\n\r\n"},
		{"bulk string", AppendBulkString(nil, "doc_0_payload"), "$13\r\ndoc_0_payload\r\n"},
		{"bulk utf-8 length", AppendBulkString(nil, "é"), "$2\r\né\r\n"},
		{"null bulk", AppendNullBulk(nil), "$-1\r\n"},
		{"array header", AppendArrayHeader(nil, 100), "*100\r\n"},
		{"empty array", AppendArrayHeader(nil, 0), "*0\r\n"},
		{"appends to dst", AppendSimple([]byte("x"), "y"), "x+y\r\n"},
	}
	for _, tt := range tests {
		if string(tt.got) != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// TestAppendLineSafety checks §3.1 line safety: CR and LF from
// client-supplied text are written as the two characters \r and \n, and
// bulk lengths count the escaped bytes.
func TestAppendLineSafety(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"error CR", AppendError(nil, "invalid name: 'a\rb'"), "-ERR invalid name: 'a\\rb'\r\n"},
		{"error LF", AppendError(nil, "x\ny"), "-ERR x\\ny\r\n"},
		{"error CRLF run", AppendError(nil, "\r\n\r\n"), "-ERR \\r\\n\\r\\n\r\n"},
		{"simple", AppendSimple(nil, "USER a\nb"), "+USER a\\nb\r\n"},
		{"bulk", AppendBulkString(nil, "a\r\nb"), "$6\r\na\\r\\nb\r\n"},
		{"bulk bytes", AppendBulk(nil, []byte("\n")), "$2\r\n\\n\r\n"},
		{"backslash untouched", AppendSimple(nil, `a\b`), "+a\\b\r\n"},
	}
	for _, tt := range tests {
		if string(tt.got) != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
		// Exactly one CR and one LF per line: at its end.
		body := strings.TrimSuffix(string(tt.got), "\r\n")
		if tt.got[0] == '$' {
			_, body, _ = strings.Cut(body, "\r\n")
		}
		if strings.ContainsAny(body, "\r\n") {
			t.Errorf("%s: raw CR/LF in %q", tt.name, tt.got)
		}
	}
}

// TestAppendBulkAgreesWithString checks the []byte and string forms match
// on inputs with and without CR/LF.
func TestAppendBulkAgreesWithString(t *testing.T) {
	for _, s := range []string{"", "abc", "\r", "a\nb\rc", strings.Repeat("x\n", 1000)} {
		a, b := AppendBulk(nil, []byte(s)), AppendBulkString(nil, s)
		if !bytes.Equal(a, b) {
			t.Errorf("%q: %q != %q", s, a, b)
		}
	}
}

// TestConstants pins the constants of the contract.
func TestConstants(t *testing.T) {
	if ProtocolVersion != "4.0.0" || ServerVersion != "5.0.0" || Banner != "+GRUMPYDB 4.0.0\r\n" ||
		MaxLine != 1048576 || MaxBulk != 16777216 || DefaultPort != 6380 || DefaultHTTPPort != 6381 ||
		MaxElementPrefix != 37 {
		t.Fatal("a protocol constant differs from PROTOCOL.md")
	}
}
