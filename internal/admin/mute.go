package admin

import (
	"context"

	"github.com/livekit/protocol/livekit"
)

// MuteTrackParams names a participant's track by SID or by source.
type MuteTrackParams struct {
	Room     string
	Identity string
	TrackSID string              // this track, or
	Source   livekit.TrackSource // the track of this source
	// Muted false unmutes, which the server allows only when configured
	// with room.enable_remote_unmute.
	Muted bool
}

// MuteTrack mutes (or unmutes) any participant's published track and
// returns the track as the server now has it.
func (c *Client) MuteTrack(ctx context.Context, p MuteTrackParams) (TrackMuted, error) {
	if err := required("room", p.Room, "identity", p.Identity); err != nil {
		return TrackMuted{}, err
	}
	if (p.TrackSID == "") == (p.Source == livekit.TrackSource_UNKNOWN) {
		return TrackMuted{}, invalid("", "give a track SID or a source, not both or neither")
	}
	// The server waits seconds for a participant that is not there; asking
	// first fails fast and resolves the source.
	info, err := c.participantInfo(ctx, p.Room, p.Identity)
	if err != nil {
		return TrackMuted{}, err
	}
	sid, err := findTrack(info, p.TrackSID, p.Source)
	if err != nil {
		return TrackMuted{}, err
	}
	res, err := call(ctx, c, func(ctx context.Context) (*livekit.MuteRoomTrackResponse, error) {
		return c.rooms.MutePublishedTrack(ctx, &livekit.MuteRoomTrackRequest{Room: p.Room, Identity: p.Identity, TrackSid: sid, Muted: p.Muted})
	})
	if err != nil {
		return TrackMuted{}, err
	}
	if res.GetTrack() == nil {
		return TrackMuted{}, errNotFound("track %s of %q", sid, p.Identity)
	}
	return TrackMuted{Room: p.Room, Identity: p.Identity, Track: trackFrom(res.GetTrack())}, nil
}

func findTrack(info *livekit.ParticipantInfo, sid string, source livekit.TrackSource) (string, error) {
	for _, t := range info.GetTracks() {
		if (sid != "" && t.GetSid() == sid) || (sid == "" && t.GetSource() == source) {
			return t.GetSid(), nil
		}
	}
	if sid != "" {
		return "", errNotFound("track %s of %q", sid, info.GetIdentity())
	}
	return "", errNotFound("%s track of %q", SourceName(source), info.GetIdentity())
}
