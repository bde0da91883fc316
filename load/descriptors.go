package load

import (
	"fmt"
	"syscall"
)

// DescriptorsPerBot is what one bot holds open, measured by
// BenchmarkDensity on loopback: its signalling connection and the UDP
// sockets of its two peer connections. A machine with more network
// interfaces gives each peer connection more sockets.
const DescriptorsPerBot = 8

// descriptorReserve is left for everything else: logs, the report, the
// Go runtime.
const descriptorReserve = 64

// checkDescriptors refuses a plan that the open-file limit cannot hold,
// before any bot joins, instead of failing joins in a strange way later.
// Go raises the soft limit to the hard one when it starts, so limit is
// all there is.
func checkDescriptors(bots int, limit uint64) error {
	need := uint64(bots)*DescriptorsPerBot + descriptorReserve
	if need > limit {
		return fmt.Errorf("%d bots need about %d open files (%d each), but the limit is %d: raise it (ulimit -n, LimitNOFILE=, or the container's nofile), or split the run with --shard",
			bots, need, DescriptorsPerBot, limit)
	}
	return nil
}

// openFileLimit is the process's limit on open files, or 0 if unknown.
func openFileLimit() uint64 {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return 0
	}
	return rl.Cur
}
