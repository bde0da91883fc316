package command

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/bot"
)

// Target is what commands act on; *bot.Bot is one.
type Target interface {
	SetMuted(source livekit.TrackSource, muted bool) error
	Publish(source livekit.TrackSource) error
	Unpublish(source livekit.TrackSource, release bool) error
	SetMetadata(ctx context.Context, metadata string) error
	SetName(ctx context.Context, name string) error
	SetAttributes(ctx context.Context, attrs map[string]string) error
	SendData(msg bot.DataMessage) error
	Status() bot.Status
	Leave()
	SetBlur(radius float64) error
	SetBackground(path string) error
	ClearProcessor()
}

var _ Target = (*bot.Bot)(nil)

// method runs one command with its decoded params.
type method func(ctx context.Context, t Target, params json.RawMessage) (any, *Error)

// OK is the result of commands that return nothing else.
type OK struct {
	OK bool `json:"ok"`
}

var ok = OK{OK: true}

// methods is the command table.
var methods = map[string]method{
	"set_blur":        setBlur,
	"set_background":  setBackground,
	"clear_processor": clearProcessor,
	"mute":            mute,
	"publish":         publish,
	"unpublish":       unpublish,
	"set_metadata":    setMetadata,
	"set_name":        setName,
	"set_attributes":  setAttributes,
	"send_data":       sendData,
	"status":          status,
	"leave":           leave,
}

// Methods returns the method names, sorted.
func Methods() []string {
	out := make([]string, 0, len(methods))
	for m := range methods {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

type sourceParams struct {
	Source *string `json:"source"`
}

func (p sourceParams) source() (livekit.TrackSource, *Error) {
	if p.Source == nil {
		return 0, errorf(CodeInvalidParams, `missing param "source" (camera, microphone, screen_share or screen_share_audio)`)
	}
	s, err := bot.ParseSource(*p.Source)
	if err != nil {
		return 0, errorf(CodeInvalidParams, "param \"source\": %v", err)
	}
	return s, nil
}

func mute(_ context.Context, t Target, raw json.RawMessage) (any, *Error) {
	var p struct {
		sourceParams
		Muted *bool `json:"muted"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	source, err := p.source()
	if err != nil {
		return nil, err
	}
	if p.Muted == nil {
		return nil, errorf(CodeInvalidParams, `missing param "muted" (true or false)`)
	}
	return ok, fromBot(t.SetMuted(source, *p.Muted))
}

func publish(_ context.Context, t Target, raw json.RawMessage) (any, *Error) {
	var p sourceParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	source, err := p.source()
	if err != nil {
		return nil, err
	}
	return ok, fromBot(t.Publish(source))
}

func unpublish(_ context.Context, t Target, raw json.RawMessage) (any, *Error) {
	var p struct {
		sourceParams
		Release bool `json:"release"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	source, err := p.source()
	if err != nil {
		return nil, err
	}
	return ok, fromBot(t.Unpublish(source, p.Release))
}

func setMetadata(ctx context.Context, t Target, raw json.RawMessage) (any, *Error) {
	var p struct {
		Metadata *string `json:"metadata"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	if p.Metadata == nil {
		return nil, errorf(CodeInvalidParams, `missing param "metadata"`)
	}
	return ok, fromBot(t.SetMetadata(ctx, *p.Metadata))
}

func setName(ctx context.Context, t Target, raw json.RawMessage) (any, *Error) {
	var p struct {
		Name *string `json:"name"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	if p.Name == nil {
		return nil, errorf(CodeInvalidParams, `missing param "name"`)
	}
	return ok, fromBot(t.SetName(ctx, *p.Name))
}

func setAttributes(ctx context.Context, t Target, raw json.RawMessage) (any, *Error) {
	var p struct {
		Attributes map[string]string `json:"attributes"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	if len(p.Attributes) == 0 {
		return nil, errorf(CodeInvalidParams, `missing param "attributes" (an object of string values)`)
	}
	return ok, fromBot(t.SetAttributes(ctx, p.Attributes))
}

// SendDataParams are send_data's params.
type SendDataParams struct {
	Payload      *string  `json:"payload"`
	Topic        string   `json:"topic"`
	Reliable     *bool    `json:"reliable"`
	Destinations []string `json:"destinations"`
}

func sendData(_ context.Context, t Target, raw json.RawMessage) (any, *Error) {
	var p SendDataParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	if p.Payload == nil {
		return nil, errorf(CodeInvalidParams, `missing param "payload"`)
	}
	reliable := p.Reliable == nil || *p.Reliable
	return ok, fromBot(t.SendData(bot.DataMessage{Payload: []byte(*p.Payload), Topic: p.Topic, Reliable: reliable, Destinations: p.Destinations}))
}

func setBlur(_ context.Context, t Target, raw json.RawMessage) (any, *Error) {
	var p struct {
		Radius *float64 `json:"radius"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	if p.Radius == nil {
		return nil, errorf(CodeInvalidParams, `missing param "radius" (0 turns blur off)`)
	}
	if *p.Radius < 0 || *p.Radius > 100 {
		return nil, errorf(CodeInvalidParams, `param "radius": %g is out of range (0 to 100)`, *p.Radius)
	}
	return ok, fromBot(t.SetBlur(*p.Radius))
}

func setBackground(_ context.Context, t Target, raw json.RawMessage) (any, *Error) {
	var p struct {
		Path *string `json:"path"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	if p.Path == nil {
		return nil, errorf(CodeInvalidParams, `missing param "path" (a JPEG or PNG on the bot's machine; "" removes the background)`)
	}
	return ok, fromBot(t.SetBackground(*p.Path))
}

func clearProcessor(_ context.Context, t Target, raw json.RawMessage) (any, *Error) {
	if err := decodeParams(raw, &struct{}{}); err != nil {
		return nil, err
	}
	t.ClearProcessor()
	return ok, nil
}

func status(_ context.Context, t Target, raw json.RawMessage) (any, *Error) {
	if err := decodeParams(raw, &struct{}{}); err != nil {
		return nil, err
	}
	return t.Status(), nil
}

func leave(_ context.Context, t Target, raw json.RawMessage) (any, *Error) {
	if err := decodeParams(raw, &struct{}{}); err != nil {
		return nil, err
	}
	// Leave just after answering, so that the reply reaches the caller
	// before the bot disconnects.
	time.AfterFunc(leaveDelay, t.Leave)
	return ok, nil
}

// leaveDelay lets a leave command's reply go out first.
const leaveDelay = 250 * time.Millisecond

// decodeParams decodes params strictly: unknown fields and wrong types are
// invalid_params errors naming the field. Empty params decode as {}.
func decodeParams(raw json.RawMessage, dst any) *Error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		raw = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return errorf(CodeInvalidParams, "%s", describeJSONError(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errorf(CodeInvalidParams, "params: trailing data after the object")
	}
	return nil
}

func describeJSONError(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field == "" {
			return fmt.Sprintf("params must be a JSON object, not %s", typeErr.Value)
		}
		return fmt.Sprintf("param %q: want %s, got %s", typeErr.Field, jsonTypeName(typeErr.Type.String()), typeErr.Value)
	}
	if f, found := strings.CutPrefix(err.Error(), "json: unknown field "); found {
		return "unknown param " + f
	}
	return "params: " + strings.TrimPrefix(err.Error(), "json: ")
}

func jsonTypeName(goType string) string {
	switch strings.TrimPrefix(goType, "*") {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "float64":
		return "a number"
	case "map[string]string":
		return "an object of string values"
	case "[]string":
		return "a list of strings"
	}
	return goType
}
