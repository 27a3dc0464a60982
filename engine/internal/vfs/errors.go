package vfs

import (
	"errors"
	"strconv"
)

// Sentinel errors of the package. Match them with errors.Is.
var (
	// ErrLocked is matched (errors.Is) by every *LockedError: the lock
	// is held by someone else.
	ErrLocked = errors.New("database is locked by another process")

	// ErrInjected is wrapped by every error a FaultFS injects.
	ErrInjected = errors.New("vfs: injected I/O error")
)

// LockedError is returned by FS.Lock when another holder has the lock. PID
// is the holder's process id as read from the lock file, or 0 when the file
// did not hold a valid one (for example because the holder had taken the
// lock but not yet written its pid).
type LockedError struct {
	PID int
}

// Error reads "database is locked by another process (pid <n>)"; when the
// PID is unknown (0) the "(pid <n>)" suffix is left off.
func (e *LockedError) Error() string {
	if e.PID <= 0 {
		return ErrLocked.Error()
	}
	return ErrLocked.Error() + " (pid " + strconv.Itoa(e.PID) + ")"
}

// Is reports whether target is ErrLocked, so errors.Is(err, ErrLocked)
// holds for a *LockedError.
func (e *LockedError) Is(target error) bool {
	return target == ErrLocked
}
