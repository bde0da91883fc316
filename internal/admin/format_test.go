package admin

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestWriteText(t *testing.T) {
	created := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		v    TextWriter
		want string
	}{
		{"rooms", Rooms{{Name: "standup", SID: "RM_1", NumParticipants: 2, NumPublishers: 1, CreatedAt: created}},
			"ROOM     SID   PARTICIPANTS  PUBLISHERS  CREATED               METADATA\nstandup  RM_1  2             1           2026-05-01T10:00:00Z  -\n"},
		{"no rooms", Rooms{}, "no rooms\n"},
		{"participants", Participants{{Identity: "alice", SID: "PA_1", State: "ACTIVE", Permissions: Permissions{CanPublish: true, CanSubscribe: true},
			Tracks: []Track{{SID: "TR_1", Source: "microphone", MimeType: "audio/opus", Muted: true}, {SID: "TR_2", Source: "camera", MimeType: "video/VP8", Width: 1280, Height: 720}}}},
			"IDENTITY  SID   NAME  STATE   PERMISSIONS        TRACKS\nalice     PA_1  -     ACTIVE  publish,subscribe  microphone TR_1 audio/opus muted, camera TR_2 video/VP8 1280x720\n"},
		{"muted", TrackMuted{Room: "r", Identity: "alice", Track: Track{SID: "TR_1", Source: "microphone", Muted: true}}, "muted microphone track TR_1 of alice in room r\n"},
		{"data", DataSent{Room: "r", Topic: "chat", Reliable: true, Size: 5, Destinations: []string{"a", "b"}}, "sent 5 bytes (reliable) on topic \"chat\" to a, b in room r\n"},
		{"data lossy", DataSent{Room: "r", Size: 1}, "sent 1 bytes (lossy) to everyone in room r\n"},
		{"deleted", RoomDeleted{Room: "r", Deleted: true}, "deleted room r\n"},
		{"removed", ParticipantRemoved{Room: "r", Identity: "bob", Removed: true}, "removed bob from room r\n"},
		{"token", Token{JWT: "a.b.c"}, "a.b.c\n"},
		{"no egress", Egresses{}, "no egress\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, tt.v, false); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Fatalf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
}

func TestWriteJSON(t *testing.T) {
	for _, v := range []TextWriter{Rooms{}, Participants{{Identity: "a"}}, Room{Name: "<r>"}, Egress{EgressID: "EG_1"}} {
		var b bytes.Buffer
		if err := Write(&b, v, true); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.Count(out, "\n") != 1 || !json.Valid([]byte(out)) || strings.Contains(out, `\u003c`) {
			t.Fatalf("%T: %q is not one line of JSON", v, out)
		}
	}
	var b bytes.Buffer
	_ = Write(&b, Egresses{}, true)
	if b.String() != "[]\n" {
		t.Fatalf("empty list is %q, want []", b.String())
	}
}
