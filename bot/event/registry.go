package event

import (
	"reflect"
	"strings"
)

// registered holds one zero value of every event type, in README's order.
// A test parses this package's source and fails when a type with a Type
// method is missing here, and another compares the list with README.
var registered = []Event{
	Connected{}, Reconnecting{}, Reconnected{}, Rejoining{}, Rejoined{}, Disconnected{},
	ParticipantJoined{}, ParticipantLeft{},
	ParticipantMetadataChanged{}, ParticipantNameChanged{}, ParticipantAttributesChanged{}, ParticipantPermissionsChanged{},
	RoomMetadataChanged{},
	TrackPublished{}, TrackUnpublished{}, TrackMuted{}, TrackUnmuted{}, SourceEnded{}, TrackSubscribed{}, TrackStats{},
	ActiveSpeakersChanged{}, ConnectionQualityChanged{},
	DataReceived{}, DataSent{},
	RecordingStarted{}, RecordingSegment{}, RecordingStopped{}, RecordingError{},
	Command{}, ScriptStep{}, ScriptDone{}, Error{}, Dropped{},
}

// Types returns the name of every event type, in README's order.
func Types() []string {
	out := make([]string, len(registered))
	for i, ev := range registered {
		out[i] = ev.Type()
	}
	return out
}

// Fields returns the JSON fields of the event type named typ, each with its
// Go type, and whether typ names an event. "time" and "type", which every
// event line has, are not included.
func Fields(typ string) (map[string]reflect.Type, bool) {
	for _, ev := range registered {
		if ev.Type() == typ {
			return jsonFields(reflect.TypeOf(ev)), true
		}
	}
	return nil, false
}

// jsonFields maps an event struct's JSON names to their Go types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}
