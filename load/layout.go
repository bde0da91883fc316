package load

import (
	"context"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
)

// layoutEvery is how often the layout looks at who speaks and what each
// bot receives.
const layoutEvery = time.Second

// Grid tile size for LayoutGrid: a 1280x720 window split 3x3.
const (
	gridTileWidth  = 1280 / 3
	gridTileHeight = 720 / 3
)

// layout applies --layout to what every joined bot receives: the layer
// the server sends of each remote camera track. LayoutAll leaves the
// server's default (the highest layer); LayoutSpeaker asks for the room's
// current active speaker high and every other camera low; LayoutGrid asks
// for every camera at the size of a tile of a 3x3 grid. Nothing is
// capped: a room with more than nine cameras gets every one at tile size.
type layout struct {
	ms   *measurement
	mode string

	// set is what each publication was last asked for, so that a request
	// goes to the server only when it changes.
	set map[*lksdk.RemoteTrackPublication]livekit.VideoQuality
	// speaker is each room's last active speaker, kept while the room is
	// silent.
	speaker map[string]string
}

// run applies the layout until ctx ends.
func (l *layout) run(ctx context.Context) {
	if l.mode == LayoutAll || l.mode == "" {
		return
	}
	l.set = map[*lksdk.RemoteTrackPublication]livekit.VideoQuality{}
	l.speaker = map[string]string{}
	t := time.NewTicker(layoutEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			l.apply()
		}
	}
}

// apply looks at every joined bot once.
func (l *layout) apply() {
	seen := make(map[*lksdk.RemoteTrackPublication]livekit.VideoQuality, len(l.set))
	for _, jb := range l.ms.joinedBotsInOrder() {
		room := jb.bot.Room()
		if room == nil {
			continue
		}
		if l.mode == LayoutSpeaker {
			if speakers := room.ActiveSpeakers(); len(speakers) > 0 {
				l.speaker[jb.room] = speakers[0].Identity()
			}
		}
		for _, rp := range room.GetRemoteParticipants() {
			for _, pub := range rp.TrackPublications() {
				rpub, ok := pub.(*lksdk.RemoteTrackPublication)
				if !ok || rpub.Kind() != lksdk.TrackKindVideo {
					continue
				}
				want := l.want(jb.room, rp.Identity())
				if prev, ok := l.set[rpub]; !ok || prev != want {
					l.request(rpub, want)
				}
				seen[rpub] = want
			}
		}
	}
	l.set = seen
}

// want is the quality a viewer in room should take of identity's camera.
func (l *layout) want(room, identity string) livekit.VideoQuality {
	if l.mode == LayoutSpeaker && l.speaker[room] != identity {
		return livekit.VideoQuality_LOW
	}
	return livekit.VideoQuality_HIGH
}

func (l *layout) request(pub *lksdk.RemoteTrackPublication, q livekit.VideoQuality) {
	if l.mode == LayoutGrid {
		pub.SetVideoDimensions(gridTileWidth, gridTileHeight)
		return
	}
	_ = pub.SetVideoQuality(q) // only OFF is refused
}
