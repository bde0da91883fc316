package oggopus

import "errors"

// Errors returned by Create, New and Write, wrapped with details; check
// them with errors.Is.
var (
	// ErrChannels means the channel count is not 1 or 2.
	ErrChannels = errors.New("channels: want 1 or 2")
	// ErrGap means a packet's time is more than a day after the previous
	// packet's end; the packet is dropped and the writer goes on.
	ErrGap = errors.New("gap too long to fill with silence")
	// ErrClosed means the Writer was closed.
	ErrClosed = errors.New("writer closed")
)
