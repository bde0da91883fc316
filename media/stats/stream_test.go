package stats

import (
	"time"

	"github.com/pion/rtp"
)

// vp8Stream makes a synthetic VP8 stream as pion packetises one: each
// frame is perFrame packets sharing a timestamp, the first with the S bit,
// the last with the marker bit. sent is the send time of the next frame.
type vp8Stream struct {
	fps      int
	perFrame int
	seq      uint16
	ts       uint32
	sent     time.Time
}

func newVP8Stream(fps, perFrame int) *vp8Stream {
	return &vp8Stream{fps: fps, perFrame: perFrame, seq: 65500, ts: 1 << 31, sent: t0}
}

// frame returns the next frame's packets and advances the clocks by one
// frame interval.
func (s *vp8Stream) frame(key bool) []*rtp.Packet {
	pkts := make([]*rtp.Packet, s.perFrame)
	for k := range pkts {
		payload := []byte{0x00, 0xaa, 0xbb}
		switch {
		case k == 0 && key:
			payload = append([]byte{0x10}, vp8Keyframe(640, 360)...)
		case k == 0:
			payload = vp8Delta(20)
		}
		pkts[k] = &rtp.Packet{
			Header:  rtp.Header{SequenceNumber: s.seq, Timestamp: s.ts, Marker: k == s.perFrame-1},
			Payload: payload,
		}
		s.seq++
	}
	s.ts += 90000 / uint32(s.fps)
	s.sent = s.sent.Add(time.Second / time.Duration(s.fps))
	return pkts
}

// skip advances the clocks by d without sending: a stalled publisher.
func (s *vp8Stream) skip(d time.Duration) {
	s.ts += uint32(d.Seconds() * 90000)
	s.sent = s.sent.Add(d)
}

// play pushes n frames, a keyframe every keyEvery frames from the first
// (never when keyEvery is 0), each arriving at its send time plus
// delay(i).
func (s *vp8Stream) play(r *Receiver, n, keyEvery int, delay func(i int) time.Duration) {
	for i := 0; i < n; i++ {
		at := s.sent
		if delay != nil {
			at = at.Add(delay(i))
		}
		for _, p := range s.frame(keyEvery > 0 && i%keyEvery == 0) {
			r.Push(p, at)
		}
	}
}
