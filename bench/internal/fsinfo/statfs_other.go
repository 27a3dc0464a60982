//go:build !linux

package fsinfo

// Statfs is only implemented on Linux; elsewhere it fails with ErrUnknown.
func Statfs(path string) (FSKind, error) {
	return FSKind{}, ErrUnknown
}
