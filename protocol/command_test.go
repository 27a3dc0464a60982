package protocol

import "testing"

// TestAppendLineRoundTrip checks that every command of the success table
// renders to a line that parses back to it, and the canonical form.
func TestAppendLineRoundTrip(t *testing.T) {
	tests := []struct{ line, canonical string }{
		{"insert users k {\"a\": 1}", `INSERT users k {"a": 1}`},
		{"snapshot-hlc", "SNAPSHOT_HLC"},
		{"elect_writer n d", "ELECT-WRITER n d"},
		{"grant r on x to u", "GRANT r ON x TO u"},
		{"revoke r on x from u", "REVOKE r ON x FROM u"},
		{"write_concern w=+01 read_concern r=2 count c", "READ_CONCERN R=2 WRITE_CONCERN W=1 COUNT c"},
		{"PUT_WITH_VC c k {\"a\": 1}\t\t{}", `PUT_WITH_VC c k {"a": 1} {}`},
		{"list users  @acme", "LIST USERS @acme"},
		{"list databases foo", "LIST DATABASES"},
		{"SCAN\tc  s\u00a0e x", "SCAN c s e"},
		{"RESOLVE c k  3", "RESOLVE c k 3"},
	}
	for _, tt := range tests {
		c, err := Parse(tt.line)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.line, err)
		}
		got := string(c.AppendLine(nil))
		if got != tt.canonical {
			t.Errorf("AppendLine(Parse(%q)) = %q, want %q", tt.line, got, tt.canonical)
		}
		back, err := Parse(got)
		if err != nil || back != c {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", got, back, err, c)
		}
	}
}
