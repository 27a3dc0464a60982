package vfs

import (
	"strconv"
	"testing"
)

func TestParsePID(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"1234", 1234},
		{"1234\n", 1234},
		{"  77 ", 77},
		{"", 0},
		{"0", 0},
		{"-5", 0},
		{"+5", 0},
		{"12a", 0},
		{"99999999999999999999999", 0},
		{"1 2", 0},
	} {
		if got := parsePID([]byte(tc.in)); got != tc.want {
			t.Errorf("parsePID(%q) = %d; want %d", tc.in, got, tc.want)
		}
	}
}

func TestLockedErrorText(t *testing.T) {
	if got := (&LockedError{PID: 42}).Error(); got != "database is locked by another process (pid 42)" {
		t.Errorf("got %q", got)
	}
	if got := (&LockedError{}).Error(); got != "database is locked by another process" {
		t.Errorf("unknown pid: got %q", got)
	}
}

func FuzzParsePID(f *testing.F) {
	for _, s := range []string{"1", "4194304", "12\n", "", " ", "-1", "0x10", "9223372036854775807", "9223372036854775808"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		pid := parsePID(b)
		if pid < 0 {
			t.Fatalf("negative pid %d", pid)
		}
		if pid > 0 {
			if back := parsePID(formatPID(pid)); back != pid {
				t.Fatalf("round trip %d -> %d", pid, back)
			}
			if n, err := strconv.Atoi(string(formatPID(pid))); err != nil || n != pid {
				t.Fatalf("formatPID(%d) not decimal", pid)
			}
		}
	})
}
