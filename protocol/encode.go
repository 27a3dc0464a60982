package protocol

import (
	"strconv"
	"strings"
)

// The Append functions encode responses (PROTOCOL.md §3.1) by appending
// to dst, like strconv's. All of them apply line safety: a CR or LF in a
// simple string, an error message or a bulk payload is written as the two
// characters `\r` or `\n`, so no response line or bulk ever contains a raw
// CR or LF. JSON written by the server never holds one, so escaping leaves
// JSON bulks unchanged. Enforcing MaxBulk is the caller's business.

const crlf = "\r\n"

// AppendSimple appends the simple string "+<s>\r\n".
func AppendSimple(dst []byte, s string) []byte {
	dst = append(dst, '+')
	dst = appendSafe(dst, s)
	return append(dst, crlf...)
}

// AppendError appends the error "-ERR <msg>\r\n".
func AppendError(dst []byte, msg string) []byte {
	dst = append(dst, "-ERR "...)
	dst = appendSafe(dst, msg)
	return append(dst, crlf...)
}

// AppendInteger appends the integer ":<n>\r\n".
func AppendInteger(dst []byte, n int64) []byte {
	dst = append(dst, ':')
	dst = strconv.AppendInt(dst, n, 10)
	return append(dst, crlf...)
}

// AppendBulk appends the bulk "$<len>\r\n<data>\r\n"; <len> is the byte
// length after line-safety escaping.
func AppendBulk(dst []byte, data []byte) []byte {
	return AppendBulkString(dst, unsafeString(data))
}

// AppendBulkString is AppendBulk for a string payload.
func AppendBulkString(dst []byte, data string) []byte {
	n := countCRLF(data)
	dst = append(dst, '$')
	dst = strconv.AppendInt(dst, int64(len(data)+n), 10)
	dst = append(dst, crlf...)
	if n == 0 {
		dst = append(dst, data...)
	} else {
		dst = appendEscaped(dst, data)
	}
	return append(dst, crlf...)
}

// AppendNullBulk appends the null bulk "$-1\r\n".
func AppendNullBulk(dst []byte) []byte {
	return append(dst, "$-1\r\n"...)
}

// AppendArrayHeader appends "*<n>\r\n"; n bulks (AppendBulk,
// AppendNullBulk) must follow. n must not be negative.
func AppendArrayHeader(dst []byte, n int) []byte {
	dst = append(dst, '*')
	dst = strconv.AppendInt(dst, int64(n), 10)
	return append(dst, crlf...)
}

// appendSafe appends s with each CR written as `\r` and each LF as `\n`.
func appendSafe(dst []byte, s string) []byte {
	if countCRLF(s) == 0 {
		return append(dst, s...)
	}
	return appendEscaped(dst, s)
}

// appendEscaped is appendSafe's slow path, for text holding CR or LF.
func appendEscaped(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\r':
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\r`...)
			start = i + 1
		case '\n':
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\n`...)
			start = i + 1
		}
	}
	return append(dst, s[start:]...)
}

// shortText is the length below which a byte loop beats the vectorised
// search functions' call overhead.
const shortText = 64

// countCRLF counts the CR and LF bytes of s: each adds one byte when
// escaped.
func countCRLF(s string) int {
	if len(s) < shortText {
		n := 0
		for i := 0; i < len(s); i++ {
			if c := s[i]; c == '\r' || c == '\n' {
				n++
			}
		}
		return n
	}
	return strings.Count(s, "\r") + strings.Count(s, "\n")
}
