package vfs

import (
	"strconv"
	"strings"
)

// maxPIDFileSize bounds how much of a lock file is read when looking for the
// holder's pid. A decimal pid is at most 20 digits; anything longer is not a
// pid we wrote.
const maxPIDFileSize = 64

// formatPID is the lock-file content for process id pid: its decimal digits,
// nothing else.
func formatPID(pid int) []byte {
	return []byte(strconv.Itoa(pid))
}

// parsePID reads the holder's pid back from lock-file content b. Surrounding
// white space is ignored. It returns 0 when b is not a positive decimal
// integer that fits in an int.
func parsePID(b []byte) int {
	s := strings.TrimSpace(string(b))
	if s == "" || len(s) > 20 {
		return 0
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}
