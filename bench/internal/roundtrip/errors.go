package roundtrip

import (
	"errors"
	"fmt"
)

// Sentinel errors.
var (
	// ErrVerify means a server returned a wrong result: the run fails.
	ErrVerify = errors.New("roundtrip: verification failed")
	// ErrConfig means the configuration cannot be run.
	ErrConfig = errors.New("roundtrip: bad configuration")
	// ErrStart means a server process could not be built or started.
	ErrStart = errors.New("roundtrip: server did not start")
	// ErrNotExempt means the loopback client was rate limited: the
	// server does not bypass its limits for loopback peers, and no
	// figure it gave would mean anything.
	ErrNotExempt = errors.New("roundtrip: loopback bypass not in effect")
)

// verifyErr builds a verification failure.
func verifyErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrVerify, fmt.Sprintf(format, args...))
}
