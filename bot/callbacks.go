package bot

import (
	"maps"
	"unicode/utf8"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/logging"
)

// newRoom makes an SDK room whose callbacks turn into events. Each event
// goes out through b.reported.report, which holds it until connected is
// out and compares it with what was reported before (see reportedState).
func (b *Bot) newRoom() *lksdk.Room {
	var room *lksdk.Room
	cb := b.roomCallback(func() *lksdk.Room { return room })
	room = lksdk.NewRoom(cb)
	room.SetLogger(logging.SDKLogger(b.log))
	return room
}

// roomCallback is the callbacks of the room self returns.
func (b *Bot) roomCallback(self func() *lksdk.Room) *lksdk.RoomCallback {
	cb := lksdk.NewRoomCallback()
	b.sessionCallbacks(cb, self)
	cb.OnParticipantConnected = b.reportJoined
	cb.OnParticipantDisconnected = b.reportLeft
	cb.OnRoomMetadataChanged = func(md string) {
		b.reported.report(func() { b.events.Publish(event.RoomMetadataChanged{Metadata: md}) })
	}
	cb.OnActiveSpeakersChanged = b.onActiveSpeakers
	cb.OnMetadataChanged = func(_ string, p lksdk.Participant) { b.reported.report(func() { b.metadataChangedNow(p) }) }
	cb.OnAttributesChanged = func(_ map[string]string, p lksdk.Participant) {
		b.reported.report(func() { b.attributesChangedNow(p) })
	}
	cb.OnConnectionQualityChanged = func(u *livekit.ConnectionQualityInfo, p lksdk.Participant) {
		ev := event.ConnectionQualityChanged{Participant: p.Identity(), Local: b.isLocal(p), Quality: u.GetQuality().String()}
		b.reported.report(func() { b.events.Publish(ev) })
	}
	cb.OnLocalTrackPublished = b.onLocalTrackPublished
	cb.OnLocalTrackUnpublished = func(pub *lksdk.LocalTrackPublication, lp *lksdk.LocalParticipant) {
		ev := event.TrackUnpublished{Participant: lp.Identity(), Local: true, SID: pub.SID(), Source: SourceName(pub.Source())}
		b.reported.report(func() { b.events.Publish(ev) })
	}
	cb.OnTrackPublished = func(pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
		b.reported.report(func() {
			if r := b.reported.person(rp.Identity()); r != nil && r.remote == rp {
				b.trackPublishedNow(r, pub, rp)
			}
		})
	}
	cb.OnTrackUnpublished = func(pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
		b.reported.report(func() { b.trackUnpublishedNow(pub, rp) })
	}
	cb.OnTrackMuted = func(pub lksdk.TrackPublication, p lksdk.Participant) {
		b.reportMute(pub, p, true)
		if b.isLocal(p) {
			b.followRemoteMute(pub.Source())
		} else {
			b.pauseReceiving(pub.SID(), true)
		}
	}
	cb.OnTrackUnmuted = func(pub lksdk.TrackPublication, p lksdk.Participant) {
		b.reportMute(pub, p, false)
		if b.isLocal(p) {
			b.followRemoteUnmute(pub.Source())
		} else {
			b.pauseReceiving(pub.SID(), false)
		}
	}
	cb.OnTrackSubscribed = func(track *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
		ev := event.TrackSubscribed{Participant: rp.Identity(), SID: pub.SID(), Source: SourceName(pub.Source()), Kind: string(pub.Kind()), MimeType: track.Codec().MimeType}
		b.reported.report(func() { b.events.Publish(ev) })
		b.receive(track, pub, rp)
	}
	cb.OnDataPacket = b.onDataPacket
	return cb
}

// metadataChangedNow reports p's metadata if it differs from the metadata
// last reported. Call it from a report.
func (b *Bot) metadataChangedNow(p lksdk.Participant) {
	r := b.reported.person(p.Identity())
	if r == nil {
		return // its join or connected carries it
	}
	md := p.Metadata()
	if md == r.metadata {
		return
	}
	old := r.metadata
	r.metadata = md
	b.events.Publish(event.ParticipantMetadataChanged{Identity: p.Identity(), Local: b.isLocal(p), Metadata: md, OldMetadata: old})
}

// attributesChangedNow reports the attributes of p that differ from the
// ones last reported. Call it from a report.
func (b *Bot) attributesChangedNow(p lksdk.Participant) {
	r := b.reported.person(p.Identity())
	if r == nil {
		return
	}
	now := p.Attributes()
	changed := attributeChanges(r.attributes, now)
	if len(changed) == 0 {
		return
	}
	r.attributes = maps.Clone(now)
	b.events.Publish(event.ParticipantAttributesChanged{Identity: p.Identity(), Local: b.isLocal(p), Changed: changed, Attributes: now})
}

// trackPublishedNow reports a remote track unless it was reported. Call
// it from a report.
func (b *Bot) trackPublishedNow(r *reportedParticipant, pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
	if r.tracks[pub.SID()] {
		return
	}
	r.tracks[pub.SID()] = true
	info := pub.TrackInfo()
	b.events.Publish(event.TrackPublished{
		Participant: rp.Identity(), SID: pub.SID(), Source: SourceName(pub.Source()), Kind: string(pub.Kind()),
		MimeType: pub.MimeType(), Width: int(info.GetWidth()), Height: int(info.GetHeight()),
		Simulcast: info.GetSimulcast(), Muted: pub.IsMuted(),
	})
}

// trackUnpublishedNow reports that a reported remote track is gone. Call
// it from a report.
func (b *Bot) trackUnpublishedNow(pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
	r := b.reported.person(rp.Identity())
	if r == nil || r.remote != rp || !r.tracks[pub.SID()] {
		return
	}
	delete(r.tracks, pub.SID())
	b.events.Publish(event.TrackUnpublished{Participant: rp.Identity(), SID: pub.SID(), Source: SourceName(pub.Source())})
}

// reportMute reports a track's mute change: always for the bot's own, and
// for a remote track once its track_published was reported, which
// carries the state before.
func (b *Bot) reportMute(pub lksdk.TrackPublication, p lksdk.Participant, muted bool) {
	local := b.isLocal(p)
	identity, sid, source := p.Identity(), pub.SID(), SourceName(pub.Source())
	b.reported.report(func() {
		if !local {
			if r := b.reported.person(identity); r == nil || !r.tracks[sid] {
				return
			}
		}
		if muted {
			b.events.Publish(event.TrackMuted{Participant: identity, Local: local, SID: sid, Source: source})
		} else {
			b.events.Publish(event.TrackUnmuted{Participant: identity, Local: local, SID: sid, Source: source})
		}
	})
}

// onActiveSpeakers reports the speakers when the list changed: the server
// repeats the same list while the same people speak. lksdk calls back on a
// goroutine per update, so two updates may arrive out of order: the room's
// current list is the one to report.
func (b *Bot) onActiveSpeakers(ps []lksdk.Participant) {
	if room := b.Room(); room != nil {
		ps = room.ActiveSpeakers()
	}
	ids := make([]string, 0, len(ps))
	for _, p := range ps {
		ids = append(ids, p.Identity())
	}
	b.reported.report(func() {
		if b.reported.changedSpeakers(ids) {
			b.events.Publish(event.ActiveSpeakersChanged{Speakers: ids})
		}
	})
}

func (b *Bot) onDataPacket(data lksdk.DataPacket, params lksdk.DataReceiveParams) {
	user, ok := data.(*lksdk.UserDataPacket)
	if !ok {
		return
	}
	ev := event.DataReceived{From: params.SenderIdentity, Topic: user.Topic, Size: len(user.Payload)}
	if utf8.Valid(user.Payload) {
		ev.Text = string(user.Payload)
	}
	b.reported.report(func() { b.events.Publish(ev) })
	if h := b.topicHandler(user.Topic); h != nil {
		h(params.SenderIdentity, user.Payload)
	}
}

// followRemoteMute stops media when the server mutes the bot's track (for
// example through the server API), so that a muted track is silent for real.
func (b *Bot) followRemoteMute(source livekit.TrackSource) {
	if t := b.track(source); t != nil && !t.isMuted() {
		t.setMuted(true)
	}
}

// followRemoteUnmute resumes media when the server unmutes the bot's track
// (servers with remote unmute enabled), starting with a keyframe.
func (b *Bot) followRemoteUnmute(source livekit.TrackSource) {
	if t := b.track(source); t != nil && t.isMuted() {
		t.setMuted(false)
	}
}

// isLocal compares identities: lksdk passes the bot itself to some
// callbacks as a bare participant, not as its LocalParticipant (connection
// quality, for one).
func (b *Bot) isLocal(p lksdk.Participant) bool {
	return p.Identity() == b.cfg.Identity
}
