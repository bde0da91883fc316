package command

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
)

// Topics of the data door.
const (
	CommandTopic = "lkbot.command"
	ReplyTopic   = "lkbot.reply"
)

// Request is a command sent as a data packet on CommandTopic.
type Request struct {
	ID     string          `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params,omitempty"`
	// ReplyTo names the participant to answer when the packet carries no
	// sender identity (the server API, a hidden participant); a packet
	// with a sender is always answered to that sender.
	ReplyTo string `json:"reply_to,omitempty"`
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

// OpenDataDoor registers the data door on b; call it before b.Connect.
// Commands run on w, and each is answered on ReplyTopic to its sender.
func OpenDataDoor(d *Dispatcher, b *bot.Bot, w *Workers) {
	door := &dataDoor{d: d, b: b, w: w}
	b.HandleTopic(CommandTopic, door.receive)
}

// dataDoor takes commands from data packets and replies on ReplyTopic.
type dataDoor struct {
	d *Dispatcher
	b *bot.Bot
	w *Workers
}

// receive runs in the SDK's data callback, so the command runs on a
// worker.
func (door *dataDoor) receive(from string, payload []byte) {
	req, derr := DecodeRequest(payload)
	call := Call{Method: req.Method, Params: req.Params, Caller: from, Door: DoorData, ID: req.ID}
	replyTo := from
	if from == "" {
		// Only the API secret's holders send without an identity (see
		// ServerCaller), so they may say where the answer goes.
		call.Caller, call.FromServer, replyTo = ServerCaller, true, req.ReplyTo
	}
	if derr != nil && door.d.allow.Allows(call) {
		door.d.report(call, derr)
		door.reply(replyTo, Reply{ID: req.ID, Error: derr})
		return
	}
	door.w.dispatch(door.d, call, CommandTimeout, func(result any, err *Error) {
		door.reply(replyTo, Reply{ID: req.ID, Result: result, Error: err})
	})
}

// reply sends r to one participant only. A packet without a sender or a
// reply_to has no one to answer; its outcome is in the command event.
func (door *dataDoor) reply(to string, r Reply) {
	if to == "" {
		return
	}
	body, err := json.Marshal(r)
	if err != nil {
		door.d.log.Warn("encode reply", zap.Error(err))
		return
	}
	if err := door.b.SendData(bot.DataMessage{Payload: body, Topic: ReplyTopic, Reliable: true, Destinations: []string{to}}); err != nil {
		door.d.log.Debug("send reply", zap.Error(err))
	}
}
