package admin

import (
	"context"
	"time"

	"github.com/livekit/protocol/livekit"
)

// Participant is what the server reports about someone in a room.
type Participant struct {
	Identity    string            `json:"identity"`
	SID         string            `json:"sid"`
	Name        string            `json:"name"`
	State       string            `json:"state"` // JOINING, JOINED, ACTIVE, DISCONNECTED
	Kind        string            `json:"kind"`  // STANDARD, INGRESS, EGRESS, SIP, AGENT
	JoinedAt    time.Time         `json:"joined_at"`
	Metadata    string            `json:"metadata"`
	Attributes  map[string]string `json:"attributes"`
	Permissions Permissions       `json:"permissions"`
	Tracks      []Track           `json:"tracks"`
}

// Permissions are what a participant may do in its room.
type Permissions struct {
	CanPublish        bool     `json:"can_publish"`
	CanSubscribe      bool     `json:"can_subscribe"`
	CanPublishData    bool     `json:"can_publish_data"`
	CanUpdateMetadata bool     `json:"can_update_metadata"`
	CanPublishSources []string `json:"can_publish_sources"` // empty: any source
	Hidden            bool     `json:"hidden"`
}

// Track is one published track.
type Track struct {
	SID       string `json:"sid"`
	Source    string `json:"source"` // camera, microphone, screen_share, screen_share_audio, unknown
	Kind      string `json:"kind"`   // audio, video
	Name      string `json:"name"`
	MimeType  string `json:"mime_type"`
	Muted     bool   `json:"muted"`
	Width     uint32 `json:"width,omitempty"`
	Height    uint32 `json:"height,omitempty"`
	Simulcast bool   `json:"simulcast,omitempty"`
}

func participantFrom(p *livekit.ParticipantInfo) Participant {
	out := Participant{
		Identity:    p.GetIdentity(),
		SID:         p.GetSid(),
		Name:        p.GetName(),
		State:       p.GetState().String(),
		Kind:        p.GetKind().String(),
		JoinedAt:    unixTime(p.GetJoinedAtMs(), p.GetJoinedAt()),
		Metadata:    p.GetMetadata(),
		Attributes:  p.GetAttributes(),
		Permissions: permissionsFrom(p.GetPermission()),
		Tracks:      make([]Track, 0, len(p.GetTracks())),
	}
	if out.Attributes == nil {
		out.Attributes = map[string]string{}
	}
	for _, t := range p.GetTracks() {
		out.Tracks = append(out.Tracks, trackFrom(t))
	}
	return out
}

func permissionsFrom(p *livekit.ParticipantPermission) Permissions {
	out := Permissions{
		CanPublish:        p.GetCanPublish(),
		CanSubscribe:      p.GetCanSubscribe(),
		CanPublishData:    p.GetCanPublishData(),
		CanUpdateMetadata: p.GetCanUpdateMetadata(),
		CanPublishSources: []string{},
		Hidden:            p.GetHidden(),
	}
	for _, s := range p.GetCanPublishSources() {
		out.CanPublishSources = append(out.CanPublishSources, SourceName(s))
	}
	return out
}

func trackFrom(t *livekit.TrackInfo) Track {
	return Track{
		SID:       t.GetSid(),
		Source:    SourceName(t.GetSource()),
		Kind:      SourceKind(t.GetType()),
		Name:      t.GetName(),
		MimeType:  t.GetMimeType(),
		Muted:     t.GetMuted(),
		Width:     t.GetWidth(),
		Height:    t.GetHeight(),
		Simulcast: t.GetSimulcast(),
	}
}

// SourceKind is the lower-case name of a track type: audio, video or data.
func SourceKind(t livekit.TrackType) string {
	switch t {
	case livekit.TrackType_AUDIO:
		return "audio"
	case livekit.TrackType_VIDEO:
		return "video"
	}
	return "data"
}

// ListParticipants lists everyone in a room.
func (c *Client) ListParticipants(ctx context.Context, room string) (Participants, error) {
	if err := required("room", room); err != nil {
		return nil, err
	}
	if err := c.requireRoom(ctx, room); err != nil {
		return nil, err
	}
	res, err := call(ctx, c, func(ctx context.Context) (*livekit.ListParticipantsResponse, error) {
		return c.rooms.ListParticipants(ctx, &livekit.ListParticipantsRequest{Room: room})
	})
	if err != nil {
		return nil, err
	}
	out := make(Participants, 0, len(res.GetParticipants()))
	for _, p := range res.GetParticipants() {
		out = append(out, participantFrom(p))
	}
	return out, nil
}

// GetParticipant reports one participant.
func (c *Client) GetParticipant(ctx context.Context, room, identity string) (Participant, error) {
	p, err := c.participantInfo(ctx, room, identity)
	if err != nil {
		return Participant{}, err
	}
	return participantFrom(p), nil
}

func (c *Client) participantInfo(ctx context.Context, room, identity string) (*livekit.ParticipantInfo, error) {
	if err := required("room", room, "identity", identity); err != nil {
		return nil, err
	}
	return call(ctx, c, func(ctx context.Context) (*livekit.ParticipantInfo, error) {
		return c.rooms.GetParticipant(ctx, &livekit.RoomParticipantIdentity{Room: room, Identity: identity})
	})
}

// RemoveParticipant disconnects a participant from a room. It may rejoin
// unless its token has expired.
func (c *Client) RemoveParticipant(ctx context.Context, room, identity string) (ParticipantRemoved, error) {
	if err := required("room", room, "identity", identity); err != nil {
		return ParticipantRemoved{}, err
	}
	_, err := call(ctx, c, func(ctx context.Context) (*livekit.RemoveParticipantResponse, error) {
		return c.rooms.RemoveParticipant(ctx, &livekit.RoomParticipantIdentity{Room: room, Identity: identity})
	})
	if err != nil {
		return ParticipantRemoved{}, err
	}
	return ParticipantRemoved{Room: room, Identity: identity, Removed: true}, nil
}
