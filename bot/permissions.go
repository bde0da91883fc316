package bot

import (
	"slices"

	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot/event"
)

// permissionsEvent describes what the server lets p do. lksdk has no
// callback for a permission change, so the bot polls this with the names
// (watchParticipants) and reports a difference.
func permissionsEvent(identity string, local bool, p lksdk.Participant) event.ParticipantPermissionsChanged {
	ev := event.ParticipantPermissionsChanged{Identity: identity, Local: local, CanPublishSources: []string{}}
	perm := p.Permissions()
	if perm == nil {
		return ev
	}
	ev.CanSubscribe, ev.CanPublish, ev.CanPublishData = perm.CanSubscribe, perm.CanPublish, perm.CanPublishData
	ev.CanUpdateMetadata, ev.Hidden = perm.CanUpdateMetadata, perm.Hidden
	for _, s := range perm.CanPublishSources {
		ev.CanPublishSources = append(ev.CanPublishSources, SourceName(s))
	}
	return ev
}

// reportPermissions reports p's permissions when they differ from the ones
// last reported. Call it from a report.
func (b *Bot) reportPermissions(r *reportedParticipant, identity string, local bool, p lksdk.Participant) {
	now := permissionsEvent(identity, local, p)
	if samePermissions(r.permissions, now) {
		return
	}
	r.permissions = now
	b.events.Publish(now)
}

func samePermissions(a, b event.ParticipantPermissionsChanged) bool {
	return a.CanSubscribe == b.CanSubscribe && a.CanPublish == b.CanPublish && a.CanPublishData == b.CanPublishData &&
		a.CanUpdateMetadata == b.CanUpdateMetadata && a.Hidden == b.Hidden && slices.Equal(a.CanPublishSources, b.CanPublishSources)
}
