package testpeer

import "errors"

// ErrNodeMissing is returned when the node executable is not on PATH.
var ErrNodeMissing = errors.New("node not found on PATH; install Node.js 20 or later, then run make testdeps")

// ErrDepsMissing is returned when node/node_modules lacks @livekit/rtc-node.
var ErrDepsMissing = errors.New("@livekit/rtc-node not installed; run make testdeps")

// ErrExited is returned when the peer process has ended.
var ErrExited = errors.New("peer exited")
