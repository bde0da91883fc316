package command

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/bot"
)

func TestAllowList(t *testing.T) {
	a, err := ParseAllowList([]string{"alice, bob", "server"})
	if err != nil {
		t.Fatal(err)
	}
	for caller, want := range map[string]bool{"alice": true, "bob": true, "eve": false, "": false} {
		if a.Allows(Call{Caller: caller}) != want {
			t.Errorf("Allows(%q) = %v", caller, !want)
		}
	}
	server := Call{Caller: ServerCaller, FromServer: true}
	if !a.Allows(server) {
		t.Error(`"server" must allow packets without a sender`)
	}
	// A participant may call itself "server"; it is not the server.
	if a.Allows(Call{Caller: ServerCaller}) {
		t.Error(`"server" allows a participant whose identity is "server"`)
	}
	star, _ := ParseAllowList([]string{"*"})
	if !star.Allows(Call{Caller: "anyone"}) || star.Allows(server) {
		t.Error("* must allow participants but not the server")
	}
	var none AllowList
	if none.Allows(Call{Caller: "alice"}) || none.Allows(server) {
		t.Error("the zero allow list allows someone")
	}
	if _, err := ParseAllowList([]string{"a b"}); err == nil {
		t.Error("identity with a space accepted")
	}
}

func TestDecodeRequest(t *testing.T) {
	for _, tc := range []struct{ in, code string }{
		{`{"id":"1","method":"mute","params":{"source":"camera","muted":true}}`, ""},
		{`{"id":"1","method":"status"}`, ""},
		{`[1,2]`, CodeMalformed},
		{`{"id":"1"}`, CodeMalformed},
		{`{"id":"1","method":"x","extra":1}`, CodeMalformed},
		{`{"id":"1","method":"x"} trailing`, CodeMalformed},
		{``, CodeMalformed},
	} {
		_, err := DecodeRequest([]byte(tc.in))
		got := ""
		if err != nil {
			got = err.Code
		}
		if got != tc.code {
			t.Errorf("DecodeRequest(%q) code %q, want %q", tc.in, got, tc.code)
		}
	}
}

// nopTarget accepts every command; it lets the fuzzer reach the decoders
// of every method without a server.
type nopTarget struct{}

func (nopTarget) SetMuted(livekit.TrackSource, bool) error               { return nil }
func (nopTarget) Publish(livekit.TrackSource) error                      { return nil }
func (nopTarget) Unpublish(livekit.TrackSource, bool) error              { return nil }
func (nopTarget) SetMetadata(context.Context, string) error              { return nil }
func (nopTarget) SetName(context.Context, string) error                  { return nil }
func (nopTarget) SetAttributes(context.Context, map[string]string) error { return nil }
func (nopTarget) SendData(bot.DataMessage) error                         { return nil }
func (nopTarget) Status() bot.Status                                     { return bot.Status{} }
func (nopTarget) Leave()                                                 {}
func (nopTarget) SetBlur(float64) error                                  { return nil }
func (nopTarget) SetBackground(string) error                             { return nil }
func (nopTarget) ClearProcessor()                                        {}

// FuzzCommand feeds arbitrary data-door packets through decoding and
// dispatch: every outcome is a result or a known error code, never a panic.
func FuzzCommand(f *testing.F) {
	for _, s := range []string{
		`{"id":"1","method":"mute","params":{"source":"camera","muted":true}}`,
		`{"id":"2","method":"send_data","params":{"payload":"hi","destinations":["a"],"reliable":false}}`,
		`{"id":"3","method":"set_attributes","params":{"attributes":{"k":"v"}}}`,
		`{"id":"4","method":"unpublish","params":{"source":"microphone","release":true}}`,
		`{"method":"status","params":null}`, `{}`, `null`, `"x"`,
	} {
		f.Add([]byte(s))
	}
	known := map[string]bool{CodeMalformed: true, CodeUnknownMethod: true, CodeInvalidParams: true}
	d := NewDispatcher(nopTarget{}, AllowList{anyone: true}, nil, nil)
	f.Fuzz(func(t *testing.T, payload []byte) {
		req, err := DecodeRequest(payload)
		if err == nil {
			_, err = d.Dispatch(context.Background(), Call{Method: req.Method, Params: req.Params, Caller: "fuzz", Door: DoorData})
		}
		if err != nil {
			if !known[err.Code] || strings.Contains(err.Message, "\n") {
				t.Fatalf("error %+v", err)
			}
			if _, merr := json.Marshal(err); merr != nil {
				t.Fatal(merr)
			}
		}
	})
}
