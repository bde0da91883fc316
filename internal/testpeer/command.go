package testpeer

import (
	"encoding/json"
	"fmt"
)

// The commands below are what NodePeer.Send takes; each marshals to one
// JSON line with its "cmd" name. Send also accepts any other value that
// marshals to such an object.

// SendData publishes a data packet. Reliable defaults to false here, as in
// Go; set it for ordered, acknowledged delivery.
type SendData struct {
	Payload      string   `json:"payload"`
	Topic        string   `json:"topic,omitempty"`
	Reliable     bool     `json:"reliable"`
	Destinations []string `json:"destinations,omitempty"` // identities; empty means everyone
}

// PerformRPC calls method on destination. The peer answers with an
// rpc_result or rpc_error event carrying ID.
type PerformRPC struct {
	ID          string `json:"id"`
	Destination string `json:"destination"`
	Method      string `json:"method"`
	Payload     string `json:"payload"`
	TimeoutMS   int    `json:"timeout_ms,omitempty"` // rtc-node's default is 10 s
}

// SetVideoQuality asks for a simulcast layer of a subscribed track:
// "low", "medium" or "high".
type SetVideoQuality struct {
	SID     string `json:"sid"`
	Quality string `json:"quality"`
}

// PublishVideo has the peer publish a stamped test pattern (the stamp
// layout lkbot uses). Zero fields take the peer's defaults: 640x360, 15 fps,
// VP8, no simulcast. The peer answers with a track_published event.
type PublishVideo struct {
	Width     int    `json:"width,omitempty"`
	Height    int    `json:"height,omitempty"`
	FPS       int    `json:"fps,omitempty"`
	Codec     string `json:"codec,omitempty"` // vp8, h264, vp9, av1
	Simulcast bool   `json:"simulcast,omitempty"`
}

// PublishAudio has the peer publish a sine tone (default 440 Hz).
type PublishAudio struct {
	Hz int `json:"hz,omitempty"`
}

// Unpublish stops a track the peer published.
type Unpublish struct {
	SID string `json:"sid"`
}

// Leave disconnects the peer, which then exits.
type Leave struct{}

// MarshalJSON adds "cmd".
func (c SendData) MarshalJSON() ([]byte, error) {
	type p SendData
	return withCmd("send_data", p(c))
}

// MarshalJSON adds "cmd".
func (c PerformRPC) MarshalJSON() ([]byte, error) {
	type p PerformRPC
	return withCmd("perform_rpc", p(c))
}

// MarshalJSON adds "cmd".
func (c SetVideoQuality) MarshalJSON() ([]byte, error) {
	type p SetVideoQuality
	return withCmd("set_video_quality", p(c))
}

// MarshalJSON adds "cmd".
func (c PublishVideo) MarshalJSON() ([]byte, error) {
	type p PublishVideo
	return withCmd("publish_video", p(c))
}

// MarshalJSON adds "cmd".
func (c PublishAudio) MarshalJSON() ([]byte, error) {
	type p PublishAudio
	return withCmd("publish_audio", p(c))
}

// MarshalJSON adds "cmd".
func (c Unpublish) MarshalJSON() ([]byte, error) {
	type p Unpublish
	return withCmd("unpublish", p(c))
}

// MarshalJSON adds "cmd".
func (Leave) MarshalJSON() ([]byte, error) { return withCmd("leave", struct{}{}) }

// withCmd marshals v, a struct, and prepends "cmd":name to the object.
func withCmd(name string, v any) ([]byte, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("marshal %s command: %w", name, err)
	}
	n, _ := json.Marshal(name)
	out := append([]byte(`{"cmd":`), n...)
	if len(body) > 2 {
		out = append(out, ',')
	}
	return append(out, body[1:]...), nil
}
