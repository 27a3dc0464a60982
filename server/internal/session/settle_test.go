package session

import "testing"

// When deferred writes fail to become durable, each of their responses is
// replaced by the error and everything between them is kept, in order.
func TestReplaceSpans(t *testing.T) {
	out := []byte("+OK\r\n+PONG\r\n+OK 2\r\n-ERR collection not found: x\r\n+OK\r\n")
	cases := []struct {
		name  string
		spans []span
		want  string
	}{
		{"none", nil, string(out)},
		{"all writes", []span{{0, 5}, {12, 19}, {49, 54}},
			"-ERR internal error: disk\r\n+PONG\r\n-ERR internal error: disk\r\n-ERR collection not found: x\r\n-ERR internal error: disk\r\n"},
		{"first only", []span{{0, 5}},
			"-ERR internal error: disk\r\n+PONG\r\n+OK 2\r\n-ERR collection not found: x\r\n+OK\r\n"},
		{"last only", []span{{49, 54}},
			"+OK\r\n+PONG\r\n+OK 2\r\n-ERR collection not found: x\r\n-ERR internal error: disk\r\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := string(replaceSpans(out, c.spans, "internal error: disk")); got != c.want {
				t.Fatalf("got %q\nwant %q", got, c.want)
			}
		})
	}
}
