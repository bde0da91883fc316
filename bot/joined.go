package bot

import (
	"maps"

	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot/event"
)

// announceJoined emits connected, the first event of the session, then
// the room as the bot found it: each participant already there, with its
// tracks, then whatever the SDK reported during the join.
func (b *Bot) announceJoined(room *lksdk.Room) {
	lp := room.LocalParticipant
	// Read the room before taking the report lock: the SDK holds the
	// room's lock while it calls back, and the callbacks take the report
	// lock. Only the participants' own getters are safe under it.
	remotes := room.GetRemoteParticipants()
	connected := event.Connected{Room: room.Name(), RoomSID: room.SID(), ServerVersion: room.ServerInfo().GetVersion()}
	b.reported.open(func() {
		me := b.reported.remember(lp.Identity(), nil, lp)
		connected.Identity, connected.ParticipantSID = lp.Identity(), lp.SID()
		connected.Name, connected.Metadata, connected.Attributes = me.name, me.metadata, maps.Clone(me.attributes)
		b.events.Publish(connected)
		for _, rp := range remotes {
			b.joinedNow(rp)
		}
	})
}

// reportJoined reports a participant that joined after the bot.
func (b *Bot) reportJoined(rp *lksdk.RemoteParticipant) {
	b.reported.report(func() { b.joinedNow(rp) })
}

// joinedNow reports rp's join with its state, then its tracks, unless it
// was reported already or has left. Call it from a report.
func (b *Bot) joinedNow(rp *lksdk.RemoteParticipant) {
	identity := rp.Identity()
	if b.reported.departed(rp) {
		return
	}
	if old := b.reported.person(identity); old != nil {
		if old.remote == rp {
			return
		}
		// A new session of the same identity came before the old one's
		// leave: the old one has left.
		b.events.Publish(event.ParticipantLeft{Identity: identity, SID: old.remote.SID(), Reason: old.remote.DisconnectReason().String()})
	}
	r := b.reported.remember(identity, rp, rp)
	b.events.Publish(event.ParticipantJoined{Identity: identity, SID: rp.SID(), Name: r.name, Metadata: r.metadata, Attributes: maps.Clone(r.attributes)})
	for _, pub := range rp.TrackPublications() {
		if remote, ok := pub.(*lksdk.RemoteTrackPublication); ok {
			b.trackPublishedNow(r, remote, rp)
		}
	}
}

// reportLeft reports that rp left, if its join was reported.
func (b *Bot) reportLeft(rp *lksdk.RemoteParticipant) {
	b.reported.report(func() {
		identity := rp.Identity()
		r := b.reported.person(identity)
		if r == nil {
			// Its join, which the SDK reports on a goroutine of its
			// own, is still to come: it must not be reported.
			b.reported.markDeparted(rp)
			return
		}
		if r.remote != rp {
			return // a newer session replaced it, and reported its leave
		}
		b.reported.forget(identity)
		b.events.Publish(event.ParticipantLeft{Identity: identity, SID: rp.SID(), Reason: rp.DisconnectReason().String()})
	})
}
