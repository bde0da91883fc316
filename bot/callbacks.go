package bot

import (
	"unicode/utf8"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"

	"github.com/lkbot/lkbot/bot/event"
)

// roomCallback turns SDK callbacks into events.
func (b *Bot) roomCallback() *lksdk.RoomCallback {
	cb := lksdk.NewRoomCallback()
	b.sessionCallbacks(cb)
	cb.OnParticipantConnected = func(rp *lksdk.RemoteParticipant) {
		b.reportJoined(rp)
	}
	cb.OnParticipantDisconnected = func(rp *lksdk.RemoteParticipant) {
		b.names.left(rp.Identity())
		b.events.Publish(event.ParticipantLeft{Identity: rp.Identity(), SID: rp.SID(), Reason: rp.DisconnectReason().String()})
	}
	cb.OnRoomMetadataChanged = func(md string) { b.events.Publish(event.RoomMetadataChanged{Metadata: md}) }
	cb.OnActiveSpeakersChanged = func(ps []lksdk.Participant) {
		ids := make([]string, 0, len(ps))
		for _, p := range ps {
			ids = append(ids, p.Identity())
		}
		b.events.Publish(event.ActiveSpeakersChanged{Speakers: ids})
	}
	cb.OnMetadataChanged = func(old string, p lksdk.Participant) {
		b.events.Publish(event.ParticipantMetadataChanged{Identity: p.Identity(), Local: isLocal(p), Metadata: p.Metadata(), OldMetadata: old})
	}
	cb.OnAttributesChanged = func(changed map[string]string, p lksdk.Participant) {
		b.events.Publish(event.ParticipantAttributesChanged{Identity: p.Identity(), Local: isLocal(p), Changed: changed, Attributes: p.Attributes()})
	}
	cb.OnConnectionQualityChanged = func(u *livekit.ConnectionQualityInfo, p lksdk.Participant) {
		b.events.Publish(event.ConnectionQualityChanged{Participant: p.Identity(), Local: isLocal(p), Quality: u.GetQuality().String()})
	}
	cb.OnLocalTrackPublished = b.onLocalTrackPublished
	cb.OnLocalTrackUnpublished = func(pub *lksdk.LocalTrackPublication, lp *lksdk.LocalParticipant) {
		b.events.Publish(event.TrackUnpublished{Participant: lp.Identity(), Local: true, SID: pub.SID(), Source: SourceName(pub.Source())})
	}
	cb.OnTrackPublished = func(pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
		info := pub.TrackInfo()
		b.events.Publish(event.TrackPublished{
			Participant: rp.Identity(), SID: pub.SID(), Source: SourceName(pub.Source()), Kind: string(pub.Kind()),
			MimeType: info.GetMimeType(), Width: int(info.GetWidth()), Height: int(info.GetHeight()),
			Simulcast: info.GetSimulcast(), Muted: pub.IsMuted(),
		})
	}
	cb.OnTrackUnpublished = func(pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
		b.events.Publish(event.TrackUnpublished{Participant: rp.Identity(), SID: pub.SID(), Source: SourceName(pub.Source())})
	}
	cb.OnTrackMuted = func(pub lksdk.TrackPublication, p lksdk.Participant) {
		b.events.Publish(event.TrackMuted{Participant: p.Identity(), Local: isLocal(p), SID: pub.SID(), Source: SourceName(pub.Source())})
		if isLocal(p) {
			b.followRemoteMute(pub.Source())
		}
	}
	cb.OnTrackUnmuted = func(pub lksdk.TrackPublication, p lksdk.Participant) {
		b.events.Publish(event.TrackUnmuted{Participant: p.Identity(), Local: isLocal(p), SID: pub.SID(), Source: SourceName(pub.Source())})
		if isLocal(p) {
			b.followRemoteUnmute(pub.Source())
		}
	}
	cb.OnTrackSubscribed = func(track *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
		b.events.Publish(event.TrackSubscribed{Participant: rp.Identity(), SID: pub.SID(), Source: SourceName(pub.Source()), Kind: string(pub.Kind()), MimeType: track.Codec().MimeType})
		b.receive(track, pub, rp)
	}
	cb.OnDataPacket = func(data lksdk.DataPacket, params lksdk.DataReceiveParams) {
		b.onDataPacket(data, params)
	}
	return cb
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
	b.events.Publish(ev)
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

func isLocal(p lksdk.Participant) bool {
	_, ok := p.(*lksdk.LocalParticipant)
	return ok
}
