package bot

import (
	lksdk "github.com/livekit/server-sdk-go/v2"

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
	b.events.Publish(event.TrackPublished{
		Participant: lp.Identity(), Local: true, SID: pub.SID(), Source: SourceName(pub.Source()),
		Kind: string(pub.Kind()), MimeType: info.GetMimeType(), Width: int(info.GetWidth()), Height: int(info.GetHeight()),
		Simulcast: info.GetSimulcast(), Muted: muted,
	})
}
