package mic

import (
	"fmt"
	"time"
)

// A device counts as gone when it sends nothing for stallTimeout, or for
// firstDataTimeout after Open. miniaudio reports an unplugged ALSA device
// through the Stop callback, but a PulseAudio stream that the server drops
// (device removed, server gone) simply stops delivering. The first data
// can take 2 s: the monitor of an idle null sink starts at the end of the
// 2 s block the sink was rendering.
const (
	stallTimeout     = 2 * time.Second
	firstDataTimeout = 5 * time.Second
)

// watch ends capture when data stops arriving, until Close.
func (s *Source) watch() {
	defer s.watching.Done()
	tick := time.NewTicker(stallTimeout / 4)
	defer tick.Stop()
	for {
		select {
		case <-s.stopWatch:
			return
		case <-s.end.Done():
			return
		case now := <-tick.C:
			if err := s.stalled(now); err != nil {
				s.end.Finish(err)
				return
			}
		}
	}
}

func (s *Source) stalled(now time.Time) error {
	last := s.lastData.Load()
	if last == 0 {
		if now.Sub(s.opened) > firstDataTimeout {
			return fmt.Errorf("%w: %q (%s) sent no audio within %v of opening", ErrDeviceLost, s.dev.Name, s.dev.Backend, firstDataTimeout)
		}
		return nil
	}
	if now.Sub(time.Unix(0, last)) > stallTimeout {
		return fmt.Errorf("%w: %q (%s) sent no audio for %v", ErrDeviceLost, s.dev.Name, s.dev.Backend, stallTimeout)
	}
	return nil
}
