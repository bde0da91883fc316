package bot

import (
	"fmt"
	"time"

	"github.com/livekit/protocol/livekit"
)

// staller is a camera track that can hang without muting.
type staller interface{ stall(d time.Duration) }

func (t *videoTrack) stall(d time.Duration) { t.enc.Stall(d) }

// StallCamera makes the published camera send no frame for d while it
// stays unmuted, as a hung camera would: its viewers see one freeze. It
// fails when no camera track is published.
func (b *Bot) StallCamera(d time.Duration) error {
	s, ok := b.track(livekit.TrackSource_CAMERA).(staller)
	if !ok {
		return fmt.Errorf("stall camera: %w", ErrNotPublished)
	}
	s.stall(d)
	return nil
}
