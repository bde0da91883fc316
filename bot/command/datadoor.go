package command

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"sync"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
)

// Topics of the data door.
const (
	CommandTopic = "lkbot.command"
	ReplyTopic   = "lkbot.reply"
)

// maxConcurrentData bounds the data commands running at once; more are
// answered with an error rather than queued.
const maxConcurrentData = 8

// Request is a command sent as a data packet on CommandTopic.
type Request struct {
	ID     string          `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params,omitempty"`
}

// Reply answers a Request on ReplyTopic, to its sender only.
type Reply struct {
	ID     string `json:"id"`
	Result any    `json:"result,omitempty"`
	Error  *Error `json:"error,omitempty"`
}

// DecodeRequest parses a data-door packet strictly.
func DecodeRequest(payload []byte) (Request, *Error) {
	var r Request
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return Request{}, errorf(CodeMalformed, "request is not a JSON object with id, method and params: %s", describeJSONError(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Request{}, errorf(CodeMalformed, "request: trailing data after the object")
	}
	if r.Method == "" {
		return r, errorf(CodeMalformed, `request has no "method"`)
	}
	return r, nil
}

// DataDoor takes commands from data packets and replies on ReplyTopic.
// Commands run on goroutines it owns; Close waits for them.
type DataDoor struct {
	d    *Dispatcher
	b    *bot.Bot
	ctx  context.Context
	stop context.CancelFunc
	wg   sync.WaitGroup
	sem  chan struct{}
	log  *zap.Logger
}

// OpenDataDoor registers the door on b; call before b.Connect.
func OpenDataDoor(d *Dispatcher, b *bot.Bot) *DataDoor {
	ctx, stop := context.WithCancel(context.Background())
	door := &DataDoor{d: d, b: b, ctx: ctx, stop: stop, sem: make(chan struct{}, maxConcurrentData), log: d.log}
	b.HandleTopic(CommandTopic, door.receive)
	return door
}

// receive runs in the SDK's data callback, so the command runs elsewhere.
func (door *DataDoor) receive(from string, payload []byte) {
	caller := from
	if caller == "" {
		caller = ServerCaller
	}
	req, derr := DecodeRequest(payload)
	if derr != nil && door.d.allow.Allows(caller) {
		door.d.report(Call{Method: req.Method, Caller: caller, Door: DoorData, ID: req.ID}, derr)
		door.reply(from, Reply{ID: req.ID, Error: derr})
		return
	}
	if !door.d.allow.Allows(caller) {
		_, err := door.d.Dispatch(door.ctx, Call{Method: req.Method, Caller: caller, Door: DoorData, ID: req.ID})
		door.reply(from, Reply{ID: req.ID, Error: err})
		return
	}
	select {
	case door.sem <- struct{}{}:
	default:
		busy := errorf(CodeFailed, "busy: %d commands already running", maxConcurrentData)
		door.d.report(Call{Method: req.Method, Caller: caller, Door: DoorData, ID: req.ID}, busy)
		door.reply(from, Reply{ID: req.ID, Error: busy})
		return
	}
	door.wg.Add(1)
	go func() {
		defer door.wg.Done()
		defer func() { <-door.sem }()
		result, err := door.d.Dispatch(door.ctx, Call{Method: req.Method, Params: req.Params, Caller: caller, Door: DoorData, ID: req.ID})
		if err != nil {
			result = nil
		}
		door.reply(from, Reply{ID: req.ID, Result: result, Error: err})
	}()
}

// reply sends r to the sender only. Packets from the server have no
// identity to reply to; their outcome is in the command event.
func (door *DataDoor) reply(to string, r Reply) {
	if to == "" {
		return
	}
	body, err := json.Marshal(r)
	if err != nil {
		door.log.Warn("encode reply", zap.Error(err))
		return
	}
	if err := door.b.SendData(bot.DataMessage{Payload: body, Topic: ReplyTopic, Reliable: true, Destinations: []string{to}}); err != nil {
		door.log.Debug("send reply", zap.Error(err))
	}
}

// Close cancels running commands and waits for them.
func (door *DataDoor) Close() {
	door.stop()
	door.wg.Wait()
}
