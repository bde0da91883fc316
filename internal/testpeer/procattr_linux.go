package testpeer

import (
	"os/exec"
	"syscall"
)

// setProcAttr has the kernel kill the peer if the test binary dies
// without running its cleanups (panic, timeout, SIGKILL).
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
