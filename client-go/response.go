package client

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/grumpydb/grumpydb/protocol"
)

// expectSimple checks for the simple string want.
func expectSimple(resp protocol.Response, want string) error {
	if resp.Kind != protocol.KindSimple || resp.Text != want {
		return unexpected(resp, "+"+want)
	}
	return nil
}

// expectOKCount checks for "+OK <n>" and returns n.
func expectOKCount(resp protocol.Response) (int64, error) {
	if resp.Kind == protocol.KindSimple {
		if s, ok := strings.CutPrefix(resp.Text, "OK "); ok {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return n, nil
			}
		}
	}
	return 0, unexpected(resp, "+OK <n>")
}

// expectInt checks for an integer response.
func expectInt(resp protocol.Response) (int64, error) {
	if resp.Kind != protocol.KindInteger {
		return 0, unexpected(resp, "an integer")
	}
	return resp.Int, nil
}

// expectBulk checks for a bulk; null reports a null bulk.
func expectBulk(resp protocol.Response) (data []byte, null bool, err error) {
	if resp.Kind != protocol.KindBulk {
		return nil, false, unexpected(resp, "a bulk")
	}
	return resp.Bulk, resp.Null, nil
}

// expectStrings checks for an array and returns its elements as strings.
func expectStrings(resp protocol.Response) ([]string, error) {
	if resp.Kind != protocol.KindArray {
		return nil, unexpected(resp, "an array")
	}
	out := make([]string, 0, len(resp.Array))
	for _, e := range resp.Array {
		if e.Null {
			return nil, unexpected(resp, "an array of non-null bulks")
		}
		out = append(out, string(e.Bulk))
	}
	return out, nil
}

// expectDocuments checks for an array of "<uuid> <json>" elements.
func expectDocuments(resp protocol.Response) ([]Document, error) {
	if resp.Kind != protocol.KindArray {
		return nil, unexpected(resp, "an array")
	}
	out := make([]Document, 0, len(resp.Array))
	for _, e := range resp.Array {
		d, err := parseElement(e.Bulk)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// unexpected describes a response of the wrong shape.
func unexpected(resp protocol.Response, want string) error {
	got := resp.Text
	if resp.Kind == protocol.KindBulk || resp.Kind == protocol.KindArray {
		got = fmt.Sprintf("%d bytes / %d elements", len(resp.Bulk), len(resp.Array))
	}
	if len(got) > 80 {
		got = got[:80]
	}
	return fmt.Errorf("%w: want %s, got %s %q", ErrProtocol, want, resp.Kind, got)
}
