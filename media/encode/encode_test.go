package encode

import (
	"context"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	"github.com/pion/rtcp"

	"github.com/lkbot/lkbot/media/synthetic"
)

func TestLayerSpecs(t *testing.T) {
	tests := []struct {
		w, h      int
		simulcast bool
		want      [][2]int
	}{
		{1280, 720, true, [][2]int{{320, 180}, {640, 360}, {1280, 720}}},
		{640, 360, true, [][2]int{{160, 90}, {320, 180}, {640, 360}}},
		{320, 180, true, [][2]int{{160, 90}, {320, 180}}},
		{1280, 720, false, [][2]int{{1280, 720}}},
	}
	for _, tt := range tests {
		got := LayerSpecs(tt.w, tt.h, 0, tt.simulcast)
		if len(got) != len(tt.want) {
			t.Fatalf("%dx%d: %d layers, want %d", tt.w, tt.h, len(got), len(tt.want))
		}
		for i, l := range got {
			if int(l.Width) != tt.want[i][0] || int(l.Height) != tt.want[i][1] {
				t.Errorf("%dx%d layer %d: %dx%d, want %v", tt.w, tt.h, i, l.Width, l.Height, tt.want[i])
			}
		}
		if top := got[len(got)-1]; top.Quality != livekit.VideoQuality_HIGH || int(top.Bitrate) != DefaultBitrate(tt.w, tt.h) {
			t.Errorf("%dx%d: top layer %v", tt.w, tt.h, top)
		}
	}
}

// TestEncodersHonourKeyframeRequests: after the first frame, frames are
// delta frames until ForceKeyFrame, whose next frame is a keyframe.
func TestEncodersHonourKeyframeRequests(t *testing.T) {
	for _, c := range []string{VP8, VP9, H264} {
		t.Run(c, func(t *testing.T) {
			src, _ := synthetic.NewVideoSource(320, 180, 30)
			enc, err := NewVideoEncoder(VideoParams{Codec: c, Width: 320, Height: 180, FPS: 30, BitrateBps: 300_000, KeyFrameInterval: 1000})
			if err != nil {
				t.Fatal(err)
			}
			defer enc.Close()
			frame := synthetic.NewFrame(320, 180)
			var keys []bool
			for i := range 8 {
				if i == 5 {
					enc.ForceKeyFrame()
				}
				src.Next(frame, uint32(i), time.Now())
				data, key, err := enc.Encode(frame)
				if err != nil || len(data) == 0 {
					t.Fatalf("frame %d: %d bytes, %v", i, len(data), err)
				}
				keys = append(keys, key)
			}
			want := []bool{true, false, false, false, false, true, false, false}
			for i := range want {
				if keys[i] != want[i] {
					t.Fatalf("keyframes %v, want %v", keys, want)
				}
			}
		})
	}
}

func TestMailboxKeepsOnlyTheNewestFrame(t *testing.T) {
	m := newMailbox(64, 64, synthetic.NewFrame)
	for i := range 5 {
		f := m.acquire()
		f.number = uint32(i)
		m.post(f)
	}
	f, ok := m.take(context.Background())
	if !ok || f.number != 4 {
		t.Fatalf("took frame %d, want the newest (4)", f.number)
	}
	if d := m.droppedFrames(); d != 4 {
		t.Fatalf("dropped %d, want 4", d)
	}
	m.release(f)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, ok := m.take(ctx); ok {
		t.Fatal("took a frame from an empty mailbox")
	}
}

// TestMutedTrackDoesNoWork: a muted video track captures and encodes
// nothing; unmuted it encodes every layer.
func TestMutedTrackDoesNoWork(t *testing.T) {
	src, _ := synthetic.NewVideoSource(640, 360, 30)
	vt, err := NewVideoTrack(VideoTrackParams{Source: src, Codec: VP8, Width: 640, Height: 360, FPS: 30, Simulcast: true, Muted: true})
	if err != nil {
		t.Fatal(err)
	}
	vt.Start()
	defer vt.Close()
	holdsFor(t, 300*time.Millisecond, "muted (and never bound) track captures nothing", func() bool {
		return vt.Stats().Captured == 0
	})
	vt.SetMuted(false)
	pollUntil(t, 20*time.Second, func() bool { // -race slows the Go pixel loops
		s := vt.Stats()
		if s.Captured < 3 || len(s.Layers) != 3 {
			return false
		}
		for _, l := range s.Layers {
			if l.Encoded == 0 || l.Keyframes == 0 {
				return false
			}
		}
		return true
	})
	vt.SetMuted(true)
	// The capture loop reads the mute flag once per frame, so at most the
	// frame it was rendering still counts.
	before := vt.Stats().Captured
	holdsFor(t, 300*time.Millisecond, "muted track captures nothing", func() bool {
		return vt.Stats().Captured <= before+1
	})
}

func TestAudioLevel(t *testing.T) {
	if AudioLevel(make([]int16, 960)) != 127 {
		t.Fatal("silence is not level 127")
	}
	loud := make([]int16, 960)
	for i := range loud {
		loud[i] = 32767
		if i%2 == 1 {
			loud[i] = -32767
		}
	}
	if l := AudioLevel(loud); l != 0 {
		t.Fatalf("full scale is level %d, want 0", l)
	}
}

// TestKeyframeRequestReachesItsLayer: a PLI on one layer's track makes that
// layer's encoder, and only it, send a keyframe.
func TestKeyframeRequestReachesItsLayer(t *testing.T) {
	src, _ := synthetic.NewVideoSource(640, 360, 30)
	vt, err := NewVideoTrack(VideoTrackParams{Source: src, Codec: VP8, Width: 640, Height: 360, FPS: 30, Simulcast: true, KeyFrameInterval: 100000})
	if err != nil {
		t.Fatal(err)
	}
	vt.Start()
	defer vt.Close()
	// Past every layer's first keyframe, however slow the machine.
	pollUntil(t, 20*time.Second, func() bool {
		for _, l := range vt.Stats().Layers {
			if l.Encoded < 3 {
				return false
			}
		}
		return true
	})
	before := vt.Stats().Layers
	vt.layers[1].onRTCP(&rtcp.PictureLossIndication{})
	pollUntil(t, 20*time.Second, func() bool { return vt.Stats().Layers[1].Keyframes > before[1].Keyframes })
	for i := range 3 { // a few more frames on every layer
		want := vt.Stats().Layers[i].Encoded + 3
		pollUntil(t, 20*time.Second, func() bool { return vt.Stats().Layers[i].Encoded >= want })
	}
	after := vt.Stats().Layers
	for i := range after {
		gotKey := after[i].Keyframes > before[i].Keyframes
		if gotKey != (i == 1) {
			t.Errorf("layer %d: keyframes %d -> %d after a PLI on layer 1", i, before[i].Keyframes, after[i].Keyframes)
		}
	}
	if after[1].KeyframeRequests != 1 {
		t.Errorf("layer 1 counted %d keyframe requests", after[1].KeyframeRequests)
	}
}

func pollUntil(t *testing.T, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %s", timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// holdsFor fails the test if cond is ever false during d.
func holdsFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if !cond() {
			t.Fatalf("%s: broken within %s", what, d)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
