//go:build unix && !linux

package config

import "syscall"

// IsTerminal reports whether fd is a character device, an approximation of
// "is a terminal" on systems without the Linux TCGETS ioctl.
func IsTerminal(fd uintptr) bool {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(fd), &st); err != nil {
		return false
	}
	return st.Mode&syscall.S_IFMT == syscall.S_IFCHR
}
