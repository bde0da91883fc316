package bot

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"

	"github.com/lkbot/lkbot/media/decode"
	"github.com/lkbot/lkbot/media/encode/libvpx"
	"github.com/lkbot/lkbot/media/synthetic"
)

// stampedPackets returns n frames of the synthetic camera at 320x180 as
// VP8 RTP packets, a keyframe every 10 frames, frame i captured at
// capture(i).
func stampedPackets(t *testing.T, n int, capture func(int) time.Time) [][]*rtp.Packet {
	t.Helper()
	src, err := synthetic.NewVideoSource(320, 180, 30)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := libvpx.NewEncoder(libvpx.Config{Codec: libvpx.VP8, Width: 320, Height: 180, FPS: 30, BitrateBps: 300_000, KeyFrameInterval: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	frame := synthetic.NewFrame(320, 180)
	pay := &codecs.VP8Payloader{EnablePictureID: true}
	out := make([][]*rtp.Packet, n)
	var seq uint16
	for i := range n {
		src.Next(frame, uint32(i), capture(i))
		data, _, err := enc.Encode(frame)
		if err != nil {
			t.Fatal(err)
		}
		payloads := pay.Payload(1200, data)
		for j, p := range payloads {
			out[i] = append(out[i], &rtp.Packet{Header: rtp.Header{SequenceNumber: seq, Timestamp: uint32(i * 3000), Marker: j == len(payloads)-1}, Payload: p})
			seq++
		}
	}
	return out
}

// TestFrameDecoderFallsBehind: a decoder that cannot keep up costs frames,
// never the reader's pace: the reader's pushes do not block while the
// queue is full, the frames that did not fit count as dropped, and
// decoding resumes at the next keyframe (the frames before it skipped,
// one keyframe request sent). Every decoded frame gives the latency from
// its stamped capture to its arrival, exactly.
func TestFrameDecoderFallsBehind(t *testing.T) {
	t0 := time.Now().Truncate(time.Second)
	capture := func(i int) time.Time { return t0.Add(time.Duration(i) * 33 * time.Millisecond) }
	const delay = 57 * time.Millisecond
	frames := stampedPackets(t, 20, capture)
	asks := 0
	d, err := newFrameDecoder("video/VP8", func() { asks++ })
	if err != nil || d == nil {
		t.Fatalf("newFrameDecoder: %v", err)
	}
	var got []time.Duration
	d.onLatency(func(l time.Duration) { got = append(got, l) })
	push := func(i int) {
		for _, p := range frames[i] {
			d.push(p, capture(i).Add(delay))
		}
	}
	// The decoder's goroutine has not started: frames 0-3 fill its
	// queue, 4 and 5 are dropped, and the reader goes on.
	for i := range 6 {
		push(i)
	}
	if s := d.snapshot(); s.Dropped != 2 {
		t.Fatalf("%d dropped with a full queue, want 2", s.Dropped)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := d.start(ctx)
	handled := func() uint64 { s := d.snapshot(); return s.Decoded + s.Skipped + s.Failed }
	eventually(t, 5*time.Second, "the queued frames decode", func() bool { return handled() == 4 })
	for i := 6; i < 20; i++ {
		push(i)
		eventually(t, 5*time.Second, "frame decodes or is skipped", func() bool { return handled() == uint64(i-1) })
	}
	stop()
	want := DecodeStats{Active: true, Decoded: 14, Dropped: 2, Skipped: 4, KeyframeRequests: 1}
	if s := d.snapshot(); s != want || asks != 1 {
		t.Errorf("stats %+v with %d keyframe requests, want %+v", s, asks, want)
	}
	for _, l := range got {
		if l != delay {
			t.Errorf("latency %v, want %v", l, delay)
		}
	}
	if len(got) != 14 {
		t.Errorf("%d latencies, want 14", len(got))
	}
	if _, err := d.dec.Decode([]byte{1}); !errors.Is(err, decode.ErrClosed) {
		t.Errorf("decoder after run: %v, want closed", err)
	}
}

// TestFrameDecoderNotForH264: an H.264 track gets no decoder, and its
// counts say it is not decoded.
func TestFrameDecoderNotForH264(t *testing.T) {
	d, err := newFrameDecoder("video/H264", nil)
	if d != nil || err != nil {
		t.Fatalf("H.264 decoder %v, %v; want none", d, err)
	}
	if s := d.snapshot(); s.Active {
		t.Errorf("H.264 counts %+v, want inactive", s)
	}
}
