//go:build !linux

package lktest

import "os/exec"

// setProcAttr does nothing where the kernel has no parent-death signal.
func setProcAttr(*exec.Cmd) {}
