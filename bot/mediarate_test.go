package bot

import (
	"fmt"
	"testing"
	"time"

	"github.com/lkbot/lkbot/media/encode"
)

// rateWindow is how much media, by the RTP clock, a bitrate is measured
// over, after rateWarmUp of it is skipped: the first second holds the
// keyframe and the SFU's switch to the requested layer.
const (
	rateWindow = 3 * time.Second
	rateWarmUp = 2 * time.Second
)

// checkReceivedBitrate waits for rateWarmUp+rateWindow of video, by RTP timestamps,
// and checks that its payload bytes over the window are within 20% of
// target. RTP timestamps are the sender's media clock, so the figure does
// not depend on how fast this machine delivered the packets.
func checkReceivedBitrate(t *testing.T, pt *peerTrack, target int) {
	t.Helper()
	var bps int
	eventually(t, 30*time.Second, fmt.Sprintf("%s of video", rateWarmUp+rateWindow), func() bool {
		var ok bool
		bps, ok = rtpBitrate(pt.snapshot(), 90_000, rateWarmUp, rateWindow)
		return ok
	})
	t.Logf("%s: %d kbps for a %d kbps target", pt.mime, bps/1000, target/1000)
	if bps < target*8/10 || bps > target*12/10 {
		t.Errorf("%s: %d kbps for a %d kbps target, want within 20%%", pt.mime, bps/1000, target/1000)
	}
}

// rtpBitrate sums the payload bytes of the packets whose RTP timestamps lie
// in [first+skip, first+skip+span), each sequence number once, and returns
// bits per second of media time; false until a packet past the window has
// arrived.
func rtpBitrate(pkts []peerPacket, clock uint32, skip, span time.Duration) (int, bool) {
	if len(pkts) == 0 {
		return 0, false
	}
	ticks := func(d time.Duration) uint32 { return uint32(d.Seconds() * float64(clock)) }
	from := pkts[0].pkt.Timestamp + ticks(skip)
	width := ticks(span)
	seen := map[uint16]bool{}
	bytes, done := 0, false
	for _, pp := range pkts {
		off := pp.pkt.Timestamp - from
		if int32(off) < 0 {
			continue
		}
		if off >= width {
			done = true
			continue
		}
		if !seen[pp.pkt.SequenceNumber] {
			seen[pp.pkt.SequenceNumber] = true
			bytes += len(pp.pkt.Payload)
		}
	}
	return int(float64(bytes*8) / span.Seconds()), done
}

// checkFrameRate checks that of the captured frames numbered from the first
// to the last of frames, the viewer decoded at least 80%. Frame numbers are
// burned in at capture, one per frame, so this is the received frame rate
// as a share of the sent one, whatever the machine's speed.
func checkFrameRate(t *testing.T, frames []uint32) {
	t.Helper()
	span := int(frames[len(frames)-1]-frames[0]) + 1
	t.Logf("decoded %d of %d frames", len(frames), span)
	if len(frames)*10 < span*8 {
		t.Errorf("decoded %d of the %d frames captured meanwhile (frames %d to %d), want at least 80%%",
			len(frames), span, frames[0], frames[len(frames)-1])
	}
}

// topLayerBitrate is the target of the full-size layer, which a viewer
// asking for high quality receives.
func topLayerBitrate(cfg Config, w, h int) int {
	if cfg.VideoBitrate != 0 {
		return cfg.VideoBitrate
	}
	return encode.DefaultBitrate(w, h)
}
