// Package event defines the typed events a bot emits and the stream that
// carries them. Logs are for people; events are the contract scripts rely on.
package event

import "time"

// Event is one thing a bot saw or did. Type names the event in JSON lines.
type Event interface {
	Type() string
}

// Envelope is an event with the time it happened.
type Envelope struct {
	Time  time.Time
	Event Event
}
