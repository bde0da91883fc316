package command

import (
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
)

// Options configure the doors a bot listens on.
type Options struct {
	// Allow lists the callers that may command the bot over RPC and data.
	Allow AllowList
	Log   *zap.Logger
}

// Doors are a bot's open command doors, and the workers that run the
// remote doors' commands. Whoever attaches them closes them.
type Doors struct {
	Dispatcher *Dispatcher
	workers    *Workers
	http       *HTTPDoor
}

// Attach opens the RPC and data doors on b, and starts the workers that
// run their commands, at most MaxConcurrentCommands at once. Call it
// before b.Connect, and OpenHTTP before or after; Close the doors before
// closing b, so that running commands can still answer.
func Attach(b *bot.Bot, opts Options) (*Doors, error) {
	d := NewDispatcher(b, opts.Allow, b.Events(), opts.Log)
	w := NewWorkers(MaxConcurrentCommands, closeGrace, opts.Log)
	if err := OpenRPCDoor(d, b, w); err != nil {
		w.Close()
		return nil, err
	}
	OpenDataDoor(d, b, w)
	return &Doors{Dispatcher: d, workers: w}, nil
}

// OpenHTTP starts the HTTP door when opts.Addr is set.
func (ds *Doors) OpenHTTP(b *bot.Bot, opts HTTPOptions) error {
	if opts.Addr == "" {
		return nil
	}
	door, err := OpenHTTPDoor(ds.Dispatcher, b, opts)
	if err != nil {
		return err
	}
	ds.http = door
	return nil
}

// HTTPAddr is the HTTP door's address, or "" when it is closed.
func (ds *Doors) HTTPAddr() string {
	if ds.http == nil {
		return ""
	}
	return ds.http.Addr()
}

// Close stops the HTTP door and the workers: commands that arrive later
// are refused, and running ones get a grace period to finish before they
// are cancelled. It returns when none is left.
func (ds *Doors) Close() error {
	var err error
	if ds.http != nil {
		err = ds.http.Close()
	}
	ds.workers.Close()
	return err
}
