package bot

import (
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"

	"github.com/lkbot/lkbot/bot/event"
)

// onLocalTrackPublished adopts the publication the SDK made, including the
// new ones it makes after a full reconnect, and re-applies the mute state
// kept by source.
func (b *Bot) onLocalTrackPublished(pub *lksdk.LocalTrackPublication, lp *lksdk.LocalParticipant) {
	b.mu.Lock()
	t := b.tracks[pub.Source()]
	b.mu.Unlock()
	muted := false
	if t != nil {
		old := t.publication()
		t.setPublication(pub)
		muted = t.isMuted()
		if muted && old != nil && old != pub {
			pub.SetMuted(true)
		}
	}
	info := pub.TrackInfo()
	ev := event.TrackPublished{
		Participant: lp.Identity(), Local: true, SID: pub.SID(), Source: SourceName(pub.Source()),
		Kind: string(pub.Kind()), MimeType: localMimeType(pub), Width: int(info.GetWidth()), Height: int(info.GetHeight()),
		Simulcast: info.GetSimulcast(), Muted: muted,
	}
	b.reported.report(func() { b.events.Publish(ev) })
}

// localMimeType is the codec of a local publication. The server's answer
// to a publish lacks the track's top-level MIME type, and names the codec
// only for video, so audio falls back to the track's own codec.
func localMimeType(pub *lksdk.LocalTrackPublication) string {
	if mime := pub.MimeType(); mime != "" {
		return mime
	}
	type withCodec interface {
		Codec() webrtc.RTPCodecCapability
	}
	if t, ok := pub.TrackLocal().(withCodec); ok {
		return t.Codec().MimeType
	}
	for _, layer := range pub.TrackLocalForSimulcast() {
		return layer.Codec().MimeType
	}
	return ""
}
