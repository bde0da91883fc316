package bot

import (
	"errors"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/bot/event"
)

// Reasons a source_ended event gives.
const (
	sourceEndedEOF   = "end_of_file"
	sourceEndedError = "error"
)

// watchSourceEnd unpublishes t, and releases its source, once the source
// ends by itself: a file played without loop reaches its end, or a device
// fails or goes away. A source_ended event says which and why, before the
// track_unpublished event.
func (b *Bot) watchSourceEnd(source livekit.TrackSource, t localTrack) {
	e, ok := t.mediaSource().(ender)
	if !ok {
		return
	}
	b.spawn(func() {
		select {
		case <-e.Done():
		case <-b.ctx.Done():
			return
		}
		if b.track(source) != t {
			return // unpublished or replaced meanwhile: not this track's end
		}
		ev := event.SourceEnded{Source: SourceName(source), Reason: sourceEndedEOF}
		if err := e.Err(); err != nil {
			ev.Reason, ev.Message = sourceEndedError, err.Error()
		}
		b.events.Publish(ev)
		if err := b.Unpublish(source, true); err != nil && !errors.Is(err, ErrNotPublished) && !errors.Is(err, ErrNotConnected) {
			b.emitError("unpublish "+SourceName(source), err)
		}
	})
}
