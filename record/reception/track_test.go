package reception

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/pion/rtp"
)

// checkFrames wants got to be frames want[from:] less the indices in
// skip, bit-exact.
func checkFrames(t *testing.T, got []Frame, want [][]byte, from int, skip ...int) {
	t.Helper()
	var exp []int
next:
	for i := from; i < len(want); i++ {
		for _, s := range skip {
			if s == i {
				continue next
			}
		}
		exp = append(exp, i)
	}
	if len(got) != len(exp) {
		t.Fatalf("%d frames, want %d", len(got), len(exp))
	}
	for k, i := range exp {
		if !bytes.Equal(got[k].Data, want[i]) {
			t.Fatalf("frame %d (sent as %d) differs: %d bytes, want %d", k, i, len(got[k].Data), len(want[i]))
		}
	}
}

func TestUnsupportedCodec(t *testing.T) {
	for _, mime := range []string{"video/AV1", "audio/PCMU", ""} {
		if _, err := New(Params{MimeType: mime}); !errors.Is(err, ErrUnsupportedCodec) {
			t.Errorf("%q: %v, want ErrUnsupportedCodec", mime, err)
		}
	}
	for _, mime := range []string{"video/vp8", "VIDEO/VP9", "video/H264", "audio/opus", "audio/OPUS"} {
		if _, err := New(Params{MimeType: mime}); err != nil {
			t.Errorf("%q: %v", mime, err)
		}
	}
}

// TestInOrder: every frame comes out whole, the last at Flush, with
// sequence numbers wrapping on the way.
func TestInOrder(t *testing.T) {
	frames := vp8Frames(40, 3000, 640, 360, 0, 20)
	r := newRecv(t, "video/VP8")
	r.push(vp8Stream(frames, 65500, 1000))
	if len(r.frames) != len(frames)-1 {
		t.Errorf("before Flush: %d frames, want all but the last (%d)", len(r.frames), len(frames)-1)
	}
	r.flush()
	checkFrames(t, r.frames, frames, 0)
	for i, f := range r.frames {
		if f.Key != (i == 0 || i == 20) {
			t.Errorf("frame %d: key %v", i, f.Key)
		}
		if want := uint32(1000 + i*step); f.RTPTime != want {
			t.Errorf("frame %d: RTP time %d, want %d", i, f.RTPTime, want)
		}
	}
	st := r.Stats()
	if st.Frames != 40 || st.Gaps != 0 || st.Dropped != 0 || st.KeyframeRequests != 0 || r.requests != 0 {
		t.Errorf("stats %+v, requests %d", st, r.requests)
	}
	if want := uint64(len(vp8Stream(frames, 0, 0))); st.Packets != want {
		t.Errorf("packets %d, want %d", st.Packets, want)
	}
}

// TestReordered: packets shuffled within a few places give the same
// frames; duplicates are counted late and give nothing.
func TestReordered(t *testing.T) {
	frames := vp8Frames(60, 2500, 320, 240, 0)
	pkts := vp8Stream(frames, 100, 0)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 1; i < len(pkts); i++ {
		if j := i - rng.IntN(4); j >= 1 { // keep the keyframe's first packet first
			pkts[i], pkts[j] = pkts[j], pkts[i]
		}
	}
	pkts = append(pkts[:30:30], append([]sent{pkts[3], pkts[10]}, pkts[30:]...)...) // duplicates
	r := newRecv(t, "video/vp8")
	r.push(pkts)
	r.flush()
	checkFrames(t, r.frames, frames, 0)
	if st := r.Stats(); st.Gaps != 0 || st.Dropped != 0 || st.Late < 2 {
		t.Errorf("stats %+v", st)
	}
}

// TestLoss: a lost packet is a gap; frames after it are dropped until
// the next keyframe, and a keyframe is asked for, once a second.
func TestLoss(t *testing.T) {
	frames := vp8Frames(60, 3000, 640, 360, 0, 30)
	pkts := vp8Stream(frames, 0, 0)
	lost := firstOf(pkts, 10*step) + 1 // the middle of frame 10
	r := newRecv(t, "video/VP8")
	for i, s := range without(pkts, lost) {
		if i%30 == 0 {
			r.clock.now = r.clock.now.Add(400 * time.Millisecond)
		}
		r.frames = append(r.frames, r.Push(s.pkt, s.arrival)...)
	}
	r.flush()
	checkFrames(t, r.frames, frames, 0, seq(10, 30)...)
	st := r.Stats()
	if st.Gaps != 1 || st.Dropped != 20 {
		t.Errorf("gaps %d, dropped %d; want 1 gap, 20 frames dropped (10's tail, 11 to 29)", st.Gaps, st.Dropped)
	}
	// Frames 11 to 29 span about 45 packets: 1.5 pushes of 30, so the
	// clock moves 400 ms once or twice while they are dropped.
	if st.KeyframeRequests < 1 || st.KeyframeRequests > 2 || int(st.KeyframeRequests) != r.requests {
		t.Errorf("%d keyframe requests (callback %d), want 1 or 2 at one a second", st.KeyframeRequests, r.requests)
	}
	if !r.frames[10].Key {
		t.Error("the first frame after the gap is not a keyframe")
	}
}

// TestRequestRateLimit: while frames are dropped, requests go out at most
// once a second of Now.
func TestRequestRateLimit(t *testing.T) {
	frames := vp8Frames(200, 500, 320, 240) // no keyframe at all
	r := newRecv(t, "video/VP8")
	for i, s := range vp8Stream(frames, 0, 0) {
		r.clock.now = t0.Add(time.Duration(i) * 100 * time.Millisecond)
		r.Push(s.pkt, s.arrival)
	}
	// 199 frames dropped over 19.8 s of Now: requests at 0.1 s, 1.1 s, ...
	if st := r.Stats(); st.Dropped != 199 || st.KeyframeRequests != 20 || r.requests != 20 {
		t.Errorf("dropped %d, requests %d (callback %d); want 199 and 20", st.Dropped, st.KeyframeRequests, r.requests)
	}
	if st := r.Stats(); st.Frames != 0 || st.Gaps != 0 {
		t.Errorf("stats %+v: no frame may come out, and the start is no gap", st)
	}
}

// TestStartMidStream: joining in the middle of a frame, the first frame
// out is a keyframe; what came before is dropped, not a gap.
func TestStartMidStream(t *testing.T) {
	frames := vp8Frames(40, 3000, 640, 360, 0, 25)
	pkts := vp8Stream(frames, 0, 0)
	r := newRecv(t, "video/VP8")
	r.push(pkts[firstOf(pkts, 7*step)+1:])
	r.flush()
	checkFrames(t, r.frames, frames, 25)
	if !r.frames[0].Key || r.frames[0].Width != 640 || r.frames[0].Height != 360 {
		t.Errorf("first frame: key %v, %dx%d", r.frames[0].Key, r.frames[0].Width, r.frames[0].Height)
	}
	if st := r.Stats(); st.Gaps != 0 || st.Dropped != 18 || st.KeyframeRequests != 1 {
		t.Errorf("stats %+v; want no gap, 18 dropped (7's tail, 8 to 24), 1 request", st)
	}
}

// TestFlushAfterHole: frames held behind a hole come out at Flush.
func TestFlushAfterHole(t *testing.T) {
	pkts := opusStream(20, 0, 0)
	r := newRecv(t, "audio/opus")
	r.push(without(pkts, 15))
	if len(r.frames) != 14 {
		t.Fatalf("before Flush: %d frames, want the 14 before the hole (the 15th waits for its successor)", len(r.frames))
	}
	r.flush()
	if len(r.frames) != 19 {
		t.Fatalf("after Flush: %d frames, want 19", len(r.frames))
	}
	for i, f := range r.frames {
		want := i
		if i >= 15 {
			want++
		}
		if f.Data[1] != byte(want) || !f.Key {
			t.Fatalf("frame %d is packet %d (key %v), want %d", i, f.Data[1], f.Key, want)
		}
	}
	if st := r.Stats(); st.Gaps != 1 || st.Dropped != 0 || st.KeyframeRequests != 0 {
		t.Errorf("stats %+v: audio counts the gap and keeps every packet", st)
	}
}

// opusStream is n canned Opus packets 20 ms apart; byte 1 is the index.
func opusStream(n int, seq uint16, ts uint32) []sent {
	var out []sent
	for i := range n {
		out = append(out, sent{arrival: t0.Add(time.Duration(i) * 20 * time.Millisecond), pkt: &rtp.Packet{
			Header:  rtp.Header{Version: 2, PayloadType: 111, SequenceNumber: seq + uint16(i), Timestamp: ts + uint32(i)*960, Marker: i == 0},
			Payload: []byte{0xfc, byte(i), 0xff, 0xfe},
		}})
	}
	return out
}

// TestOpusLoss: lost audio packets count as gaps; the rest all come out,
// in time, without asking for anything.
func TestOpusLoss(t *testing.T) {
	pkts := opusStream(300, 65000, 0)
	r := newRecv(t, "audio/opus")
	r.push(without(pkts, 40, 41, 200))
	r.flush()
	if len(r.frames) != 297 {
		t.Errorf("%d frames, want 297", len(r.frames))
	}
	if st := r.Stats(); st.Gaps != 2 || st.Dropped != 0 || r.requests != 0 {
		t.Errorf("stats %+v", st)
	}
}

// TestPadding: empty padding packets between frames are neither frames
// nor gaps.
func TestPadding(t *testing.T) {
	frames := vp8Frames(10, 1500, 320, 240, 0)
	var pkts []sent
	seq := uint16(0)
	for i, s := range vp8Stream(frames, 0, 0) {
		s.pkt.SequenceNumber = seq
		seq++
		pkts = append(pkts, s)
		if s.pkt.Marker && i%3 == 0 {
			pkts = append(pkts, sent{arrival: s.arrival, pkt: &rtp.Packet{Header: rtp.Header{
				Version: 2, SequenceNumber: seq, Timestamp: s.pkt.Timestamp, Padding: true}, PaddingSize: 200}})
			seq++
		}
	}
	r := newRecv(t, "video/VP8")
	r.push(pkts)
	r.flush()
	checkFrames(t, r.frames, frames, 0)
	if st := r.Stats(); st.Gaps != 0 || st.Dropped != 0 {
		t.Errorf("stats %+v", st)
	}
}

// TestStatsConcurrent: Stats may be read while another goroutine pushes
// (run with -race).
func TestStatsConcurrent(t *testing.T) {
	pkts := vp8Stream(vp8Frames(100, 2000, 320, 240, 0), 0, 0)
	r := newRecv(t, "video/VP8")
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			default:
				_ = r.Stats()
			}
		}
	}()
	r.push(pkts)
	close(done)
	wg.Wait()
	if r.Stats().Packets != uint64(len(pkts)) {
		t.Errorf("packets %d, want %d", r.Stats().Packets, len(pkts))
	}
}

// TestCallerReusesPacket: Push copies, so a caller that reuses its packet
// buffer does not corrupt frames.
func TestCallerReusesPacket(t *testing.T) {
	frames := vp8Frames(20, 3000, 320, 240, 0)
	r := newRecv(t, "video/VP8")
	var buf rtp.Packet
	for _, s := range vp8Stream(frames, 0, 0) {
		buf.Header = s.pkt.Header
		buf.Payload = append(buf.Payload[:0], s.pkt.Payload...)
		r.frames = append(r.frames, r.Push(&buf, s.arrival)...)
		for i := range buf.Payload {
			buf.Payload[i] = 0xee
		}
	}
	r.flush()
	checkFrames(t, r.frames, frames, 0)
}

// TestSenderRestart: a sequence number that jumps back for good starts
// the buffer afresh, as a gap, after restartAfter packets.
func TestSenderRestart(t *testing.T) {
	frames := vp8Frames(130, 1000, 320, 240, 0, 100)
	pkts := vp8Stream(frames, 5000, 0)
	for _, s := range pkts[30:] {
		s.pkt.SequenceNumber -= 3000
	}
	r := newRecv(t, "video/VP8")
	r.push(pkts)
	r.flush()
	checkFrames(t, r.frames, frames, 0, seq(30, 100)...)
	if st := r.Stats(); st.Gaps != 1 || st.Late != restartAfter-1 {
		t.Errorf("stats %+v; want one gap, %d late packets", st, restartAfter-1)
	}
}

// seq returns from, from+1, ..., to-1.
func seq(from, to int) []int {
	var s []int
	for i := from; i < to; i++ {
		s = append(s, i)
	}
	return s
}

// TestLossBeforeKeyframe: a loss in the frame just before a keyframe
// costs that frame only.
func TestLossBeforeKeyframe(t *testing.T) {
	frames := vp8Frames(40, 3000, 640, 360, 0, 20)
	pkts := vp8Stream(frames, 0, 0)
	r := newRecv(t, "video/VP8")
	r.push(without(pkts, firstOf(pkts, 19*step)+1))
	r.flush()
	checkFrames(t, r.frames, frames, 0, 19)
	if st := r.Stats(); st.Gaps != 1 || st.Dropped != 1 {
		t.Errorf("stats %+v; want 1 gap, 1 frame dropped (19's tail)", st)
	}
}

// TestLostHead: losing a frame's first packet loses that frame.
func TestLostHead(t *testing.T) {
	frames := vp8Frames(40, 3000, 640, 360, 0, 20)
	pkts := vp8Stream(frames, 0, 0)
	r := newRecv(t, "video/VP8")
	r.push(without(pkts, firstOf(pkts, 19*step)))
	r.flush()
	checkFrames(t, r.frames, frames, 0, 19)
	if st := r.Stats(); st.Gaps != 1 {
		t.Errorf("stats %+v; want 1 gap", st)
	}
}
