package bot

import (
	"fmt"
	"time"

	"github.com/livekit/protocol/livekit"
)

// StallCamera makes the published camera send no frame for d while it
// stays unmuted, as a hung camera would: its viewers see one freeze. It
// fails when no camera track is published.
func (b *Bot) StallCamera(d time.Duration) error {
	v, ok := b.track(livekit.TrackSource_CAMERA).(*videoTrack)
	if !ok || v == nil {
		return fmt.Errorf("stall camera: %w", ErrNotPublished)
	}
	v.enc.Stall(d)
	return nil
}
