package protocol

import "testing"

// TestCheckConcern covers the step-6 validation of §4.9.
func TestCheckConcern(t *testing.T) {
	tests := []struct {
		line string
		want error
	}{
		{"GET c k", nil},
		{"PING", nil},
		{"READ_CONCERN R=1 GET c k", nil},
		{"WRITE_CONCERN W=1 INSERT c k {}", nil},
		{"READ_CONCERN R=1 WRITE_CONCERN W=+1 UPDATE c k {}", nil},
		{"READ_CONCERN R=1 FIND c {}", nil},
		{"READ_CONCERN R=1 RESOLVE c k", nil},
		{"READ_CONCERN R=1 STATS c", nil},
		{"WRITE_CONCERN W=1 INSERTMANY c []", nil},
		{"READ_CONCERN R=1 QUERYRANGE c i 1 2", nil},
		{"READ_CONCERN R=2 GET c k", ErrConcernUnsupported},
		{"READ_CONCERN R=0 GET c k", ErrConcernUnsupported},
		{"WRITE_CONCERN W=2 INSERT c k {}", ErrConcernUnsupported},
		{"READ_CONCERN R=1 WRITE_CONCERN W=3 INSERT c k {}", ErrConcernUnsupported},
		{"READ_CONCERN R=1 PING", ErrConcernNotData},
		{"READ_CONCERN R=2 PING", ErrConcernNotData},
		{"WRITE_CONCERN W=1 CREATE COLLECTION c", ErrConcernNotData},
		{"WRITE_CONCERN W=1 COMPACT c", ErrConcernNotData},
		{"WRITE_CONCERN W=1 QUIT", ErrConcernNotData},
	}
	for _, tt := range tests {
		c, err := Parse(tt.line)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.line, err)
		}
		if got := c.CheckConcern(); got != tt.want {
			t.Errorf("%q: CheckConcern() = %v, want %v", tt.line, got, tt.want)
		}
	}
	if ErrConcernNotData.Error() != "consistency concerns are only supported for data commands" ||
		ErrConcernUnsupported.Error() != "v5 only supports R=1, W=1" {
		t.Error("consistency error texts differ from §4.9")
	}
}
