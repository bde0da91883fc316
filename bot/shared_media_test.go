package bot

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/media/encode"
	"github.com/lkbot/lkbot/media/synthetic"
)

// newSharedMedia starts a shared VP8 simulcast camera of 320x180 at 15
// frames/s and a shared microphone, closed at the test's end.
func newSharedMedia(t *testing.T) *SharedMedia {
	t.Helper()
	src, err := synthetic.NewVideoSource(320, 180, 15)
	if err != nil {
		t.Fatal(err)
	}
	video, err := encode.NewSharedVideo(encode.SharedVideoParams{Source: src, Codec: CodecVP8, Width: 320, Height: 180, FPS: 15, Simulcast: true})
	if err != nil {
		t.Fatal(err)
	}
	voice, err := synthetic.NewAudioSource(encode.AudioSampleRate, 1)
	if err != nil {
		t.Fatal(err)
	}
	audio, err := encode.NewSharedAudio(encode.SharedAudioParams{Voice: voice})
	if err != nil {
		t.Fatal(err)
	}
	video.Start()
	audio.Start()
	return &SharedMedia{Video: video, Audio: audio}
}

// connectBot makes and connects a bot in room "room", closed at the
// test's end.
func connectBot(t *testing.T, srv *lktest.Server, identity string, shared *SharedMedia, change func(*Config)) *Bot {
	t.Helper()
	cfg := DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	cfg.Room, cfg.Identity = "room", identity
	cfg.Resolution, cfg.FPS, cfg.Simulcast = "320x180", 15, true
	if change != nil {
		change(&cfg)
	}
	b, err := New(Params{Config: cfg, Logger: testLogger(t), Shared: shared})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if err := b.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// received is what a bot receives from each publisher's source.
func received(b *Bot) map[string]ReceivedTrack {
	out := map[string]ReceivedTrack{}
	for _, tr := range b.ReceivedTracks() {
		out[tr.Participant+"/"+tr.Source] = tr
	}
	return out
}

// TestSharedMediaReachesSubscribers: three bots publish the same shared
// camera and microphone; a fourth receives decodable video and audio from
// each of the three, while the shared camera encodes each frame once. A
// muted publisher stops sending, and the others go on.
func TestSharedMediaReachesSubscribers(t *testing.T) {
	srv := lktest.Start(t)
	ignore := goleak.IgnoreCurrent()
	shared := newSharedMedia(t)
	var pubs []*Bot
	for i := range 3 {
		pubs = append(pubs, connectBot(t, srv, fmt.Sprintf("pub-%d", i), shared, nil))
	}
	sub := connectBot(t, srv, "sub", nil, func(c *Config) { c.Camera, c.Mic = "none", "none" })

	// Every publisher's camera gets 30 decodable frames (two seconds) and
	// its microphone 50 packets (one second) through the SFU.
	enough := func(from map[string]ReceivedTrack) func() bool {
		return func() bool {
			now := received(sub)
			for _, p := range pubs {
				cam, mic := now[p.Identity()+"/camera"], now[p.Identity()+"/microphone"]
				if cam.Quality.DecodableFrames < from[p.Identity()+"/camera"].Quality.DecodableFrames+30 ||
					mic.Quality.Packets < from[p.Identity()+"/microphone"].Quality.Packets+50 {
					return false
				}
			}
			return true
		}
	}
	eventually(t, 30*time.Second, "decodable video and audio from every publisher", enough(nil))
	st := shared.Video.Stats()
	if st.Tracks != 3 {
		t.Fatalf("the shared camera has %d tracks, want 3", st.Tracks)
	}
	for _, l := range st.Layers {
		if l.Encoded > st.Captured {
			t.Fatalf("the %dx%d layer encoded %d frames of %d captured: more than once each", l.Width, l.Height, l.Encoded, st.Captured)
		}
	}
	for _, p := range pubs {
		if p.SentFrames(livekit.TrackSource_CAMERA) == 0 || p.SentFrames(livekit.TrackSource_MICROPHONE) == 0 {
			t.Fatalf("%s counts no frames sent", p.Identity())
		}
	}

	muted := pubs[0]
	if err := muted.SetMuted(livekit.TrackSource_CAMERA, true); err != nil {
		t.Fatal(err)
	}
	mutedAt := muted.SentFrames(livekit.TrackSource_CAMERA)
	from := received(sub)
	pubs = pubs[1:]
	eventually(t, 30*time.Second, "30 more frames from the unmuted publishers", enough(from))
	// A write under way as the mute came may still end: one per layer.
	if got := muted.SentFrames(livekit.TrackSource_CAMERA); got > mutedAt+2 {
		t.Fatalf("the muted camera went on sending: %d frames at the mute, %d now", mutedAt, got)
	}

	for _, b := range append(pubs, muted, sub) {
		b.Close()
	}
	shared.Video.Close()
	shared.Audio.Close()
	lktest.WaitNoLeaks(t, ignore)
}

// constantSource fills every buffer with one loud value.
type constantSource int16

func (c constantSource) Next(dst []int16) {
	for i := range dst {
		dst[i] = int16(c)
	}
}

// TestTalkGateSilencesOwnMicrophone: with live media, a microphone whose
// switch says silence sends digital silence (level 127), and its voice
// again when the switch turns.
func TestTalkGateSilencesOwnMicrophone(t *testing.T) {
	talking := false
	g := talkGate{src: constantSource(8000), talking: func() bool { return talking }}
	buf := make([]int16, 960)
	g.Next(buf)
	if l := encode.AudioLevel(buf); l != 127 {
		t.Fatalf("a silent microphone sends level %d, want 127", l)
	}
	talking = true
	g.Next(buf)
	if l := encode.AudioLevel(buf); l >= 127 {
		t.Fatalf("a talking microphone sends level %d, want its voice", l)
	}
}
