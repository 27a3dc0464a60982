//go:build linux

package roundtrip

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel send the child SIGTERM when the
// benchmark process dies without stopping it (killed, or SIGPIPE on a
// closed stdout), so no server outlives its run.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
