package admin

import (
	"context"

	"github.com/livekit/protocol/livekit"
	"google.golang.org/protobuf/proto"
)

// UpdateParticipantParams changes a participant. Nil or empty fields stay
// as they are: the server cannot clear metadata or a name.
type UpdateParticipantParams struct {
	Room     string
	Identity string
	Metadata string
	Name     string
	// Attributes are merged into the participant's; an empty value removes
	// that key.
	Attributes  map[string]string
	Permissions PermissionChange
}

// PermissionChange sets the permissions that are non-nil and keeps the
// others as the server has them.
type PermissionChange struct {
	CanPublish        *bool
	CanSubscribe      *bool
	CanPublishData    *bool
	CanUpdateMetadata *bool
	// CanPublishSources limits publishing to these sources; an empty,
	// non-nil slice lifts the limit.
	CanPublishSources []livekit.TrackSource
}

// IsZero reports whether the change changes nothing.
func (p PermissionChange) IsZero() bool {
	return p.CanPublish == nil && p.CanSubscribe == nil && p.CanPublishData == nil &&
		p.CanUpdateMetadata == nil && p.CanPublishSources == nil
}

// apply returns cur with the change made; cur is not modified.
func (p PermissionChange) apply(cur *livekit.ParticipantPermission) *livekit.ParticipantPermission {
	out := &livekit.ParticipantPermission{}
	if cur != nil {
		out = proto.Clone(cur).(*livekit.ParticipantPermission)
	}
	set := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	set(&out.CanPublish, p.CanPublish)
	set(&out.CanSubscribe, p.CanSubscribe)
	set(&out.CanPublishData, p.CanPublishData)
	set(&out.CanUpdateMetadata, p.CanUpdateMetadata)
	if p.CanPublishSources != nil {
		out.CanPublishSources = append([]livekit.TrackSource(nil), p.CanPublishSources...)
	}
	return out
}

// UpdateParticipant changes a participant's metadata, name, attributes or
// permissions and returns it as the server now has it. Permissions are
// read first, so that only the ones given change.
func (c *Client) UpdateParticipant(ctx context.Context, p UpdateParticipantParams) (Participant, error) {
	if err := required("room", p.Room, "identity", p.Identity); err != nil {
		return Participant{}, err
	}
	if p.Metadata == "" && p.Name == "" && len(p.Attributes) == 0 && p.Permissions.IsZero() {
		return Participant{}, invalid("", "nothing to change: give metadata, a name, attributes or a permission")
	}
	cur, err := c.participantInfo(ctx, p.Room, p.Identity)
	if err != nil {
		return Participant{}, err
	}
	req := &livekit.UpdateParticipantRequest{
		Room:       p.Room,
		Identity:   p.Identity,
		Metadata:   p.Metadata,
		Name:       p.Name,
		Attributes: p.Attributes,
	}
	if !p.Permissions.IsZero() {
		req.Permission = p.Permissions.apply(cur.GetPermission())
	}
	info, err := call(ctx, c, func(ctx context.Context) (*livekit.ParticipantInfo, error) {
		return c.rooms.UpdateParticipant(ctx, req)
	})
	if err != nil {
		return Participant{}, err
	}
	return participantFrom(info), nil
}
