package script

import (
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot/event"
)

func TestExampleScenarios(t *testing.T) {
	for _, path := range []string{"../../configs/chat-echo.yaml", "../../configs/mute-cycle.yaml"} {
		if _, err := Load(path); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"steps: []\n", "no steps"},
		{"steps:\n  - do: dance\n", `unknown method "dance"`},
		{"steps:\n  - wait_for: {topic: x}\n", `needs a "type"`},
		{"steps:\n  - do: status\n    wait_for: {type: x}\n", "exactly one of"},
		{"steps:\n  - at: 1s\n    after: 1s\n    do: status\n", "exclusive"},
		{"steps:\n  - after: soon\n    do: status\n", `line 2: key "steps.after"`},
		{"steps:\n  - dо: status\n", "unknown key"},
		{"steps:\n  - repeat: 2\n    do: status\n", "repeat needs steps"},
		{"steps:\n  - steps:\n      - do: nope\n", `step 1 step 1: unknown method "nope"`},
		// Every MATCH and every do's params are checked before joining.
		{"steps:\n  - wait_for: {type: participant_joind}\n", `step 1 (wait_for type=participant_joind): unknown event type "participant_joind" (did you mean "participant_joined"?)`},
		{"steps:\n  - do: status\n  - expect: {type: participant_joined, identty: alice}\n", `step 2 (expect identty=alice type=participant_joined): participant_joined has no field "identty" (did you mean "identity"?)`},
		{"steps:\n  - wait_for: {type: data_received, body_contains: hi}\n", `data_received has no field "body_contains"`},
		{"steps:\n  - wait_for: {type: track_muted, local: yes please}\n", `track_muted.local is true or false, not "yes please"`},
		{"steps:\n  - wait_for: {type: data_received, size: ten}\n", `data_received.size is a number, not "ten"`},
		{"steps:\n  - name: cam\n    do: mute\n    params: {source: webcam, muted: true}\n", `step 1 "cam" (do mute): param "source": unknown source "webcam"`},
		{"steps:\n  - do: mute\n    params: {source: camera}\n", `step 1 (do mute): missing param "muted"`},
		{"steps:\n  - repeat: 2\n    steps:\n      - do: send_data\n        params: {payload: x, topc: chat}\n", `step 1 step 1 (do send_data): unknown param "topc"`},
		{"steps:\n  - do: set_blur\n    params: {radius: \"${level}\"}\n", `step 1 (do set_blur): param "radius": want a number, got string`},
	} {
		_, err := Decode([]byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Decode(%q) = %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

// TestDecodeAccepts: fields filled in from an event are checked when the
// step runs, since their values are only known then.
func TestDecodeAccepts(t *testing.T) {
	for _, yaml := range []string{
		"steps:\n  - wait_for: {type: track_muted, participant: qa}\n  - do: mute\n    params: {source: \"${source}\", muted: true}\n",
		"steps:\n  - wait_for: {type: data_received, topic: chat, text_contains: hi, size: 2}\n  - do: send_data\n    params: {payload: \"echo: ${text} $$5\", topic: chat, destinations: [\"${from}\"]}\n",
		"steps:\n  - expect: {type: track_published, participant: first, local: false, simulcast: true}\n",
		"steps:\n  - wait_for: {type: active_speakers_changed, speakers_contains: qa}\n  - do: leave\n",
	} {
		if _, err := Decode([]byte(yaml)); err != nil {
			t.Errorf("Decode(%q): %v", yaml, err)
		}
	}
}

func TestMatch(t *testing.T) {
	env := event.Envelope{Time: time.Now(), Event: event.DataReceived{From: "qa", Topic: "chat", Size: 11, Text: "hello world"}}
	for _, tc := range []struct {
		m    Match
		want bool
	}{
		{Match{"type": "data_received"}, true},
		{Match{"type": "data_received", "from": "qa", "topic": "chat"}, true},
		{Match{"type": "data_received", "text_contains": "lo wo"}, true},
		{Match{"type": "data_received", "size": 11}, true},
		{Match{"type": "data_received", "size": 12}, false},
		{Match{"type": "data_received", "from": "bob"}, false},
		{Match{"type": "data_sent"}, false},
	} {
		if got := tc.m.Matches(env); got != tc.want {
			t.Errorf("%v.Matches = %v", tc.m, got)
		}
	}
}

func TestSubstitute(t *testing.T) {
	got := substitute(map[string]any{"payload": "echo: ${text} (${missing}) $from costs $$5", "n": 3, "list": []any{"${from}"}}, map[string]any{"text": "hi", "from": "qa"})
	if got["payload"] != "echo: hi () qa costs $5" || got["n"] != 3 || got["list"].([]any)[0] != "qa" {
		t.Fatalf("substitute = %v", got)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("steps:\n  - do: status\n"))
	f.Add([]byte("steps:\n  - repeat: 2\n    steps:\n      - wait_for: {type: x, a_contains: b}\n        timeout: 1s\n"))
	f.Add([]byte("steps:\n  - wait_for: {type: data_received, topic: \"a\\nb\", size: 3}\n  - do: send_data\n    params: {payload: \"${text}\", topic: \"x\\ny\"}\n"))
	f.Add([]byte("steps:\n  - expect: {type: track_muted, local: \"a\\nb\"}\n  - do: mute\n    params: {source: \"web\\ncam\", muted: true}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Decode(data); err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error %q", err)
		}
	})
}
