package reception

import (
	"testing"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
)

// t0 is the wall time of the first packet in these tests.
var t0 = time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)

// step is one frame at 30 fps in 90 kHz ticks.
const step = 3000

// sent is a packet with the time it arrives.
type sent struct {
	pkt     *rtp.Packet
	arrival time.Time
}

// packetize splits frames into RTP packets of at most mtu bytes: sequence
// numbers from seq, timestamps from ts in steps of tsStep, arriving
// tsStep's worth of time apart from t0.
func packetize(pl rtp.Payloader, frames [][]byte, mtu uint16, seq uint16, ts, tsStep, rate uint32) []sent {
	var out []sent
	for i, f := range frames {
		payloads := pl.Payload(mtu, f)
		at := t0.Add(time.Duration(i) * time.Duration(tsStep) * time.Second / time.Duration(rate))
		for j, p := range payloads {
			out = append(out, sent{arrival: at, pkt: &rtp.Packet{
				Header: rtp.Header{Version: 2, PayloadType: 96, SSRC: 0x1234, SequenceNumber: seq,
					Timestamp: ts + uint32(i)*tsStep, Marker: j == len(payloads)-1},
				Payload: p,
			}})
			seq++
		}
	}
	return out
}

// vp8Frames returns n synthetic VP8 frames of size bytes: a keyframe of
// w x h at each index in keys, interframes elsewhere. Their content is
// their index, so frames can be told apart.
func vp8Frames(n, size, w, h int, keys ...int) [][]byte {
	frames := make([][]byte, n)
	for i := range frames {
		f := make([]byte, size)
		for j := range f {
			f[j] = byte(i + j)
		}
		f[0] = 0x01 // interframe: frame tag bit 0 set
		for _, k := range keys {
			if k == i {
				f[0] = 0x00
				f[3], f[4], f[5] = 0x9d, 0x01, 0x2a
				f[6], f[7], f[8], f[9] = byte(w), byte(w>>8), byte(h), byte(h>>8)
			}
		}
		frames[i] = f
	}
	return frames
}

// vp8Stream packetizes vp8Frames like libwebrtc: picture IDs, 1200-byte
// packets.
func vp8Stream(frames [][]byte, seq uint16, ts uint32) []sent {
	return packetize(&codecs.VP8Payloader{EnablePictureID: true}, frames, 1200, seq, ts, step, 90000)
}

// fakeClock is a Params.Now that tests move by hand.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

// recv is a Track with what it returned and asked for.
type recv struct {
	*Track
	clock    fakeClock
	frames   []Frame
	requests int
}

func newRecv(t testing.TB, mime string) *recv {
	t.Helper()
	r := &recv{clock: fakeClock{now: t0}}
	tr, err := New(Params{MimeType: mime, RequestKeyframe: func() { r.requests++ }, Now: r.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	r.Track = tr
	return r
}

// push pushes packets and keeps the frames, copying them as Push's slice
// is reused.
func (r *recv) push(pkts []sent) {
	for _, s := range pkts {
		r.frames = append(r.frames, r.Push(s.pkt, s.arrival)...)
	}
}

func (r *recv) flush() { r.frames = append(r.frames, r.Flush()...) }

// without returns pkts less the packets at the given indices.
func without(pkts []sent, drop ...int) []sent {
	var out []sent
next:
	for i, p := range pkts {
		for _, d := range drop {
			if d == i {
				continue next
			}
		}
		out = append(out, p)
	}
	return out
}

// firstOf returns the index of the first packet of frame i's timestamp.
func firstOf(pkts []sent, ts uint32) int {
	for i, p := range pkts {
		if p.pkt.Timestamp == ts {
			return i
		}
	}
	return -1
}
