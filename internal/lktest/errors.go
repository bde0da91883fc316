package lktest

import "errors"

// ErrBinaryNotFound is returned when the livekit-server binary is missing.
var ErrBinaryNotFound = errors.New("livekit-server binary not found; run `make bin/livekit-server`")

// ErrNotReady is returned when the server does not answer HTTP in time.
var ErrNotReady = errors.New("livekit-server did not become ready")

// ErrExited is returned when the server process exits during startup.
var ErrExited = errors.New("livekit-server exited during startup")
