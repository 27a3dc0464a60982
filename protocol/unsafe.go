package protocol

import "unsafe"

// unsafeString views b as a string without copying. The string must not
// outlive a later change of b; callers use it only while b is unchanged.
func unsafeString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
