package testpeer

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Event is one line the peer wrote. Which fields are set depends on Type:
//
//	connected                  Identity, Room, Participants
//	participant_connected,
//	participant_disconnected   Participant
//	track_subscribed           Participant, SID, Kind (audio|video), Source,
//	                           MimeType, Simulcasted, Width, Height
//	track_muted, track_unmuted,
//	track_unpublished,
//	track_unsubscribed         Participant, SID
//	track_published            SID, Kind (a track the peer itself published)
//	frame                      Participant, SID, Width, Height, MeanY/Cb/Cr,
//	                           StampOK, and if StampOK: Frame, CaptureMS, DelayMS
//	audio                      Participant, SID, Frames, RMS, Hz (about 1/s)
//	data                       Participant, Topic, Payload, Kind (reliable|lossy)
//	participant_metadata       Participant, Metadata
//	participant_attributes     Participant, Attributes, Changed
//	rpc_result                 ID, Payload
//	rpc_error                  ID, Code, Message
//	error                      Message
//	disconnected               Reason
type Event struct {
	Type string `json:"type"`

	Identity     string   `json:"identity,omitempty"`
	Room         string   `json:"room,omitempty"`
	Participants []string `json:"participants,omitempty"`
	Participant  string   `json:"participant,omitempty"`

	SID         string `json:"sid,omitempty"`
	Kind        string `json:"kind,omitempty"`
	Source      string `json:"source,omitempty"`
	MimeType    string `json:"mime_type,omitempty"`
	Simulcasted bool   `json:"simulcasted,omitempty"`
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
	// Muted is a subscribed track's mute state as the peer found it.
	Muted bool `json:"muted,omitempty"`

	StampOK   bool   `json:"stamp_ok,omitempty"`
	Frame     uint32 `json:"frame,omitempty"`
	CaptureMS uint32 `json:"capture_ms,omitempty"`
	DelayMS   int64  `json:"delay_ms,omitempty"`

	// MeanY, MeanCb and MeanCr are a decoded frame's mean colour over its
	// centre half, in the decoder's 8-bit limited range.
	MeanY  int `json:"mean_y,omitempty"`
	MeanCb int `json:"mean_cb,omitempty"`
	MeanCr int `json:"mean_cr,omitempty"`

	Frames int     `json:"frames,omitempty"`
	RMS    float64 `json:"rms,omitempty"`
	// Hz is the audio's dominant frequency over the last second, from its
	// zero crossings: exact for a pure tone, rough for anything else.
	Hz float64 `json:"hz,omitempty"`

	Topic      string            `json:"topic,omitempty"`
	Payload    string            `json:"payload,omitempty"`
	Metadata   string            `json:"metadata,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Changed    map[string]string `json:"changed,omitempty"`

	ID      string `json:"id,omitempty"`
	Code    int    `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	Reason  string `json:"reason,omitempty"`

	// Raw holds every field of the line, including ones this struct lacks.
	Raw map[string]any `json:"-"`
	// At is when the line was read.
	At time.Time `json:"-"`
}

// errNotEvent marks a stdout line that is not an event (rtc-node's logs).
var errNotEvent = errors.New("not an event")

// ParseEvent decodes one line of the peer's output. Lines that are not JSON
// objects with a string "type" yield an error wrapping errNotEvent.
func ParseEvent(line []byte) (Event, error) {
	var raw map[string]any
	if err := json.Unmarshal(line, &raw); err != nil {
		return Event{}, fmt.Errorf("%w: %w", errNotEvent, err)
	}
	if t, ok := raw["type"].(string); !ok || t == "" {
		return Event{}, fmt.Errorf("%w: no type", errNotEvent)
	}
	var ev Event
	if err := json.Unmarshal(line, &ev); err != nil {
		return Event{}, fmt.Errorf("parse %s event: %w", raw["type"], err)
	}
	ev.Raw = raw
	return ev, nil
}

// String is a short form of e for test logs.
func (e Event) String() string {
	b, err := json.Marshal(e.Raw)
	if err != nil || e.Raw == nil {
		return e.Type
	}
	return string(b)
}
