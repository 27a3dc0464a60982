package peer

import (
	"errors"
	"runtime"
	"testing"
)

func TestParseVmHWM(t *testing.T) {
	status := "Name:\tx\nVmPeak:\t  200 kB\nVmHWM:\t   123456 kB\nVmRSS:\t 1 kB\n"
	if n, err := ParseVmHWM(status); err != nil || n != 123456*1024 {
		t.Fatalf("ParseVmHWM = %d, %v", n, err)
	}
	for _, bad := range []string{"", "VmRSS: 1 kB", "VmHWM: x kB", "VmHWM: 12 MB", "VmHWM: -5 kB", "VmHWM: 1 2 kB"} {
		if _, err := ParseVmHWM(bad); !errors.Is(err, ErrUnknown) {
			t.Errorf("ParseVmHWM(%q) err = %v", bad, err)
		}
	}
	if runtime.GOOS == "linux" {
		if n, err := VmHWM(); err != nil || n <= 0 {
			t.Fatalf("VmHWM = %d, %v", n, err)
		}
	}
}

func FuzzParseVmHWM(f *testing.F) {
	f.Add("VmHWM:\t 100 kB\n")
	f.Add("VmHWM: kB")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseVmHWM(s)
		if err != nil && !errors.Is(err, ErrUnknown) {
			t.Fatal(err)
		}
		if err == nil && (n < 0 || n%1024 != 0) {
			t.Fatalf("VmHWM %d from %q", n, s)
		}
	})
}
