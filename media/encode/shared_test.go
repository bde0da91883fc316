package encode

import (
	"context"
	"sync"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/rtcp"
	"github.com/pion/webrtc/v4/pkg/media"
	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/media/synthetic"
)

// recorder is a bound LocalTrack stand-in that keeps what it is given.
type recorder struct {
	mu      sync.Mutex
	samples []media.Sample
	levels  []uint8
}

func (r *recorder) WriteSample(s media.Sample, opts *lksdk.SampleWriteOptions) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.samples = append(r.samples, s)
	if opts != nil && opts.AudioLevel != nil {
		r.levels = append(r.levels, *opts.AudioLevel)
	}
	return nil
}

func (r *recorder) IsBound() bool { return true }

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.samples)
}

func (r *recorder) keys(codecName string) []bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]bool, len(r.samples))
	for i, s := range r.samples {
		out[i] = IsKeyFrame(codecName, s.Data)
	}
	return out
}

// recordedTrack attaches a track whose layers write to recorders.
func recordedTrack(s *SharedVideo) (*SharedVideoTrack, []*recorder) {
	t := s.newTrack(nil)
	var recs []*recorder
	for _, l := range s.layers {
		r := &recorder{}
		t.sinks = append(t.sinks, &videoSink{track: t, layer: l, w: r})
		recs = append(recs, r)
	}
	t.Start()
	return t, recs
}

// sharedClock is the fake clock of a test: frames are captured at its
// time, and keyframe requests read it.
type sharedClock struct{ now time.Time }

func newSharedVideo(t *testing.T, clock *sharedClock) *SharedVideo {
	t.Helper()
	src, err := synthetic.NewVideoSource(320, 180, 15)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSharedVideo(SharedVideoParams{Source: src, Codec: VP8, Width: 320, Height: 180, FPS: 15, Simulcast: true, KeyFrameInterval: 100000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.now = func() time.Time { return clock.now }
	return s
}

// step captures one frame at the clock's time, encodes it on every layer
// and writes it out, as the loops would, then moves the clock on by a
// frame.
func step(t *testing.T, s *SharedVideo, clock *sharedClock, number uint32) {
	t.Helper()
	s.capture(number, clock.now)
	for _, l := range s.layers {
		f, ok := l.box.take(context.Background())
		if !ok {
			t.Fatal("no frame posted")
		}
		s.encodeFrame(l, f)
	}
	clock.now = clock.now.Add(s.frameDur)
}

// TestSharedVideoFansOut: every attached track gets every encoded frame of
// every layer, the same bytes for all; a closed track gets nothing more;
// a muted track gets nothing, and after the unmute it starts at a
// keyframe.
func TestSharedVideoFansOut(t *testing.T) {
	clock := &sharedClock{now: time.Unix(1000, 0)}
	s := newSharedVideo(t, clock)
	if len(s.layers) != 2 {
		t.Fatalf("%d layers, want 2 for 320x180 simulcast", len(s.layers))
	}
	var tracks []*SharedVideoTrack
	var recs [][]*recorder
	for range 3 {
		tr, r := recordedTrack(s)
		tracks, recs = append(tracks, tr), append(recs, r)
	}
	var n uint32
	for ; n < 5; n++ {
		step(t, s, clock, n)
	}
	for i := range tracks {
		for l, r := range recs[i] {
			if r.count() != 5 {
				t.Fatalf("track %d layer %d got %d frames, want 5", i, l, r.count())
			}
			if string(r.samples[3].Data) != string(recs[0][l].samples[3].Data) {
				t.Fatalf("track %d layer %d got other bytes than track 0", i, l)
			}
		}
	}
	if st := s.Stats(); st.Layers[1].Encoded != 5 || st.Tracks != 3 {
		t.Fatalf("the encoders ran %d times for %d tracks, want 5 times for 3", st.Layers[1].Encoded, st.Tracks)
	}

	tracks[2].Close()
	tracks[1].SetMuted(true)
	for ; n < 10; n++ {
		step(t, s, clock, n)
	}
	if got := recs[2][1].count(); got != 5 {
		t.Fatalf("a closed track got %d frames, want the 5 from before its close", got)
	}
	if got := recs[1][1].count(); got != 5 {
		t.Fatalf("a muted track got %d frames, want the 5 from before its mute", got)
	}
	if got := recs[0][1].count(); got != 10 {
		t.Fatalf("the track left alone got %d frames, want 10", got)
	}

	clock.now = clock.now.Add(time.Second) // past the keyframe gate
	tracks[1].SetMuted(false)
	for ; n < 14; n++ {
		step(t, s, clock, n)
	}
	for l, r := range recs[1] {
		keys := r.keys(VP8)
		if len(keys) != 9 || !keys[5] {
			t.Fatalf("layer %d after unmute: keyframes %v, want 4 more frames, the first a keyframe", l, keys)
		}
	}
}

// TestSharedKeyframeRequestsCoalesce: PLIs and FIRs from different tracks
// force one keyframe at once, and those within the next second wait and
// share one keyframe at the second's end; a track bound late starts at
// that keyframe, and gets no delta frame before it.
func TestSharedKeyframeRequestsCoalesce(t *testing.T) {
	clock := &sharedClock{now: time.Unix(1000, 0)}
	s := newSharedVideo(t, clock)
	a, recA := recordedTrack(s)
	b, _ := recordedTrack(s)
	late, recLate := recordedTrack(s)
	var n uint32
	for ; n < 3; n++ { // the first frame is a keyframe of its own
		step(t, s, clock, n)
	}
	top := len(s.layers) - 1
	before := s.Stats().Layers[top]
	clock.now = clock.now.Add(2 * time.Second)
	a.onRTCP(a.sinks[top], &rtcp.PictureLossIndication{})
	step(t, s, clock, n) // forced at once
	n++
	b.onRTCP(b.sinks[top], &rtcp.FullIntraRequest{})
	late.onBind(late.sinks[top])
	a.onRTCP(a.sinks[top], &rtcp.PictureLossIndication{})
	lateBefore := recLate[top].count()
	for range 20 { // a second and a third at 15 frames/s
		step(t, s, clock, n)
		n++
	}
	keys := recA[top].keys(VP8)
	var at []int
	for i, k := range keys {
		if k {
			at = append(at, i)
		}
	}
	// Frame 0 (the first), frame 3 (the first PLI) and the first frame a
	// second or more after it are keyframes, and no other.
	second := 4
	for recA[top].samples[second].Timestamp.Sub(recA[top].samples[3].Timestamp) < time.Second {
		second++
	}
	if len(at) != 3 || at[0] != 0 || at[1] != 3 || at[2] != second {
		t.Fatalf("keyframes at frames %v, want [0 3 %d]", at, second)
	}
	lateKeys := recLate[top].keys(VP8)[lateBefore:]
	if len(lateKeys) == 0 || !lateKeys[0] {
		t.Fatalf("the late-bound track's frames after its bind start %v, want a keyframe first", lateKeys)
	}
	st := s.Stats().Layers[top]
	if req, co := st.KeyframeRequests-before.KeyframeRequests, st.Coalesced-before.Coalesced; req != 4 || co != 2 {
		t.Fatalf("requests %d, coalesced %d; want 4 and 2", req, co)
	}
	if got := a.Stats().Layers[top].KeyframeRequests; got != 2 {
		t.Fatalf("track a counted %d keyframe requests, want its 2", got)
	}
	// Untouched layers kept their one keyframe.
	if k := s.Stats().Layers[0].Keyframes; k != 1 {
		t.Fatalf("the low layer encoded %d keyframes, want 1", k)
	}
}

// TestKeyframeGate checks the gate alone.
func TestKeyframeGate(t *testing.T) {
	g := keyframeGate{gap: time.Second}
	t0 := time.Unix(0, 0)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	if !g.request(at(0)) {
		t.Fatal("the first request did not force a keyframe")
	}
	if g.request(at(100)) || g.request(at(900)) {
		t.Fatal("a request within a second of the last forced a keyframe")
	}
	if g.due(at(999)) || !g.due(at(1000)) || g.due(at(1001)) {
		t.Fatal("the pending requests were not served exactly once, a second after the last keyframe")
	}
	if g.request(at(1500)) {
		t.Fatal("a request half a second after a keyframe forced another")
	}
	g.encoded(at(1600)) // a periodic keyframe serves it
	if g.due(at(3000)) {
		t.Fatal("a request served by a periodic keyframe forced another")
	}
	if req, co := g.counts(); req != 4 || co != 2 {
		t.Fatalf("requests %d, coalesced %d; want 4 and 2", req, co)
	}
}

// TestSharedAudioFollowsItsSwitch: a talking track gets the voice, a
// silent one digital silence at level 127, each switching when its switch
// does; a muted or closed track gets nothing; each feed is encoded once a
// tick however many tracks take it.
func TestSharedAudioFollowsItsSwitch(t *testing.T) {
	voice, err := synthetic.NewAudioSource(AudioSampleRate, 1)
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewSharedAudio(SharedAudioParams{Voice: voice})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var mu sync.Mutex
	speaker := 0
	var tracks []*SharedAudioTrack
	var recs []*recorder
	for i := range 3 {
		r := &recorder{}
		tr := a.newTrack(func() bool { mu.Lock(); defer mu.Unlock(); return speaker == i }, nil)
		tr.w = r
		tr.Start()
		tracks, recs = append(tracks, tr), append(recs, r)
	}
	now := time.Unix(1000, 0)
	run := func(ticks int) {
		var scratch []bool
		for range ticks {
			scratch = a.tick(*a.tracks.Load(), now, scratch[:0])
			now = now.Add(audioFrame)
		}
	}
	loud := func(r *recorder, from int) bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, l := range r.levels[from:] {
			if l < 127 {
				return true
			}
		}
		return false
	}
	run(25) // half a second: the voice starts with a sentence
	if !loud(recs[0], 0) || loud(recs[1], 0) || loud(recs[2], 0) {
		t.Fatal("track 0 should talk, tracks 1 and 2 be silent")
	}
	if st := a.Stats(); st.Voice != 25 || st.Silence != 25 {
		t.Fatalf("encoded %d voice and %d silence frames for 25 ticks, want 25 each", st.Voice, st.Silence)
	}
	mu.Lock()
	speaker = 1
	mu.Unlock()
	tracks[2].SetMuted(true)
	run(25)
	if loud(recs[0], 25) || !loud(recs[1], 25) {
		t.Fatal("after the switch track 1 should talk and track 0 be silent")
	}
	if recs[2].count() != 25 {
		t.Fatalf("a muted track got %d frames, want the 25 from before", recs[2].count())
	}
	tracks[0].Close()
	run(5)
	if recs[0].count() != 50 {
		t.Fatalf("a closed track got %d frames, want the 50 from before", recs[0].count())
	}
}

// TestSharedLoopsStopOnClose: with the loops running, an attached track
// gets frames; closing the track and the encoders leaves no goroutine.
func TestSharedLoopsStopOnClose(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	clock := &sharedClock{}
	s := newSharedVideo(t, clock)
	s.now = time.Now
	voice, _ := synthetic.NewAudioSource(AudioSampleRate, 1)
	a, err := NewSharedAudio(SharedAudioParams{Voice: voice})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	a.Start()
	vt, recs := recordedTrack(s)
	at := a.newTrack(nil, nil)
	ar := &recorder{}
	at.w = ar
	at.Start()
	pollUntil(t, 20*time.Second, func() bool { return recs[len(recs)-1].count() >= 3 && ar.count() >= 3 })
	vt.Close()
	at.Close()
	s.Close()
	a.Close()
	goleak.VerifyNone(t, ignore)
}

// TestSharedVideoLateTrackStartsAtKeyframe: a track attached while others
// stream gets nothing until a keyframe, which its attach asked for and
// which comes a second after the last keyframe, not at once.
func TestSharedVideoLateTrackStartsAtKeyframe(t *testing.T) {
	clock := &sharedClock{now: time.Unix(1000, 0)}
	s := newSharedVideo(t, clock)
	_, early := recordedTrack(s)
	var n uint32
	for ; n < 5; n++ {
		step(t, s, clock, n)
	}
	_, late := recordedTrack(s)
	for ; n < 25; n++ {
		step(t, s, clock, n)
	}
	for l := range s.layers {
		keys := late[l].keys(VP8)
		if len(keys) == 0 || !keys[0] {
			t.Fatalf("layer %d: the late track's frames start %v, want a keyframe", l, keys)
		}
		first := late[l].samples[0].Timestamp.Sub(early[l].samples[0].Timestamp)
		if first < time.Second || first > time.Second+s.frameDur {
			t.Fatalf("layer %d: the late track's first frame came %s after the first keyframe, want the first frame a second after it", l, first)
		}
	}
}

// TestFanOutWritesEachOnce: however many tracks, each gets the sample
// once, and fanOut returns only when all have.
func TestFanOutWritesEachOnce(t *testing.T) {
	for _, n := range []int{0, 1, fanOutChunk, fanOutChunk + 1, 5*fanOutChunk + 3} {
		counts := make([]int, n)
		fanOut(n, func(i int) { counts[i]++ })
		for i, c := range counts {
			if c != 1 {
				t.Fatalf("%d tracks: track %d written %d times", n, i, c)
			}
		}
	}
}

// TestSharedVideoFansOutToMany: with more tracks than one goroutine
// writes to, every track still gets every frame, in order.
func TestSharedVideoFansOutToMany(t *testing.T) {
	clock := &sharedClock{now: time.Unix(1000, 0)}
	s := newSharedVideo(t, clock)
	var recs [][]*recorder
	for range 2*fanOutChunk + 5 {
		_, r := recordedTrack(s)
		recs = append(recs, r)
	}
	for n := range uint32(3) {
		step(t, s, clock, n)
	}
	for i, r := range recs {
		for l, lr := range r {
			if lr.count() != 3 || !lr.samples[0].Timestamp.Before(lr.samples[2].Timestamp) {
				t.Fatalf("track %d layer %d got %d frames, want 3 in order", i, l, lr.count())
			}
		}
	}
}
