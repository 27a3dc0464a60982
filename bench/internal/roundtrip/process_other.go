//go:build !linux

package roundtrip

import "os/exec"

// dieWithParent does nothing here: only Linux has a parent-death signal.
// Suite.Close stops the servers on every normal exit.
func dieWithParent(*exec.Cmd) {}
