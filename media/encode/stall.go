package encode

import "time"

// Stall makes the track capture nothing for d, as a camera or a
// publisher's machine that hangs: no frames are encoded or sent, and the
// track stays unmuted, so that its viewers see a freeze. A load test uses
// it to check that freezes are measured.
func (t *VideoTrack) Stall(d time.Duration) {
	t.stallUntil.Store(time.Now().Add(d).UnixNano())
}
