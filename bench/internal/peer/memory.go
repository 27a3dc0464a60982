package peer

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ParseVmHWM reads the VmHWM line ("VmHWM:   123456 kB") of a
// /proc/<pid>/status text and returns the peak resident set in bytes.
func ParseVmHWM(status string) (int64, error) {
	sc := bufio.NewScanner(strings.NewReader(status))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || strings.TrimSpace(k) != "VmHWM" {
			continue
		}
		f := strings.Fields(v)
		if len(f) != 2 || f[1] != "kB" {
			return 0, fmt.Errorf("%w: VmHWM line %q", ErrUnknown, sc.Text())
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || kb < 0 || kb > 1<<40 {
			return 0, fmt.Errorf("%w: VmHWM value %q", ErrUnknown, f[0])
		}
		return kb * 1024, nil
	}
	return 0, fmt.Errorf("%w: no VmHWM line", ErrUnknown)
}

// VmHWM returns this process's peak resident set size in bytes.
func VmHWM() (int64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrUnknown, err)
	}
	return ParseVmHWM(string(b))
}
