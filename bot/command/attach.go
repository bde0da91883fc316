package command

import (
	"errors"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
)

// Options configure the doors a bot listens on.
type Options struct {
	// Allow lists the callers that may command the bot over RPC and data.
	Allow AllowList
	Log   *zap.Logger
}

// Doors are a bot's open command doors.
type Doors struct {
	Dispatcher *Dispatcher
	data       *DataDoor
	http       *HTTPDoor
}

// Attach opens the RPC and data doors on b. Call it before b.Connect, then
// OpenHTTP after, so that /healthz reflects a real connection.
func Attach(b *bot.Bot, opts Options) (*Doors, error) {
	d := NewDispatcher(b, opts.Allow, b.Events(), opts.Log)
	if err := OpenRPCDoor(d, b); err != nil {
		return nil, err
	}
	return &Doors{Dispatcher: d, data: OpenDataDoor(d, b)}, nil
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

// Close stops the doors and waits for running commands.
func (ds *Doors) Close() error {
	var err error
	if ds.http != nil {
		err = ds.http.Close()
	}
	ds.data.Close()
	return errors.Join(err)
}
