package command

import (
	"context"
	"encoding/json"
	"time"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot/event"
)

// Doors through which commands arrive.
const (
	DoorRPC    = "rpc"
	DoorData   = "data"
	DoorHTTP   = "http"
	DoorScript = "script"
)

// LocalCaller is the caller of commands from the local HTTP door and from
// scripts, which are authorised by their own means.
const LocalCaller = "local"

// Call is one command request.
type Call struct {
	Method string
	Params json.RawMessage
	// Caller is the sender's identity, ServerCaller, or "local" for the
	// HTTP door and scripts.
	Caller string
	// FromServer marks a packet without a sender identity (Caller is then
	// ServerCaller): only the allow list's "server" entry trusts it.
	FromServer bool
	Door       string
	ID         string
}

// Dispatcher runs commands against a target, after checking that the
// caller is allowed, and reports each one as an event.
type Dispatcher struct {
	target Target
	allow  AllowList
	events *event.Stream
	log    *zap.Logger
}

// NewDispatcher returns a dispatcher; events and log may be nil.
func NewDispatcher(t Target, allow AllowList, events *event.Stream, log *zap.Logger) *Dispatcher {
	if log == nil {
		log = zap.NewNop()
	}
	return &Dispatcher{target: t, allow: allow, events: events, log: log}
}

// Dispatch runs c and returns its result or error. Remote doors (RPC, data)
// are checked against the allow list; a refused command changes nothing.
func (d *Dispatcher) Dispatch(ctx context.Context, c Call) (any, *Error) {
	start := time.Now()
	result, err := d.dispatch(ctx, c)
	outcome := "ok"
	ev := event.Command{Method: c.Method, Caller: c.Caller, Door: c.Door, ID: c.ID}
	if err != nil {
		outcome = "error"
		if err.Code == CodeNotAuthorised {
			outcome = "refused"
		}
		ev.Code, ev.Message = err.Code, err.Message
	}
	ev.Outcome = outcome
	ev.DurationMs = float64(time.Since(start).Microseconds()) / 1000
	if d.events != nil {
		d.events.Publish(ev)
	}
	d.log.Debug("command", zap.String("method", c.Method), zap.String("caller", c.Caller), zap.String("door", c.Door), zap.String("outcome", outcome))
	return result, err
}

func (d *Dispatcher) dispatch(ctx context.Context, c Call) (any, *Error) {
	if (c.Door == DoorRPC || c.Door == DoorData) && !d.allow.Allows(c) {
		return nil, errorf(CodeNotAuthorised, "not authorised: %q may not command this bot (see --allow-commands-from)", c.Caller)
	}
	m, found := methods[c.Method]
	if !found {
		return nil, errorf(CodeUnknownMethod, "unknown method %q", c.Method)
	}
	return m(ctx, d.target, c.Params)
}

// report records a command that failed before dispatch (a malformed
// request), so that every command reaching a door is an event.
func (d *Dispatcher) report(c Call, err *Error) {
	if d.events == nil {
		return
	}
	d.events.Publish(event.Command{Method: c.Method, Caller: c.Caller, Door: c.Door, ID: c.ID, Outcome: "error", Code: err.Code, Message: err.Message})
}
