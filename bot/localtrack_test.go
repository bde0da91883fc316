package bot

import (
	"errors"
	"image"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/media/device/screen"
)

// unconnectedBot is a bot that never joins: enough to build local tracks.
func unconnectedBot(t *testing.T) *Bot {
	t.Helper()
	cfg := DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = "ws://127.0.0.1:1", "devkey", "secret"
	cfg.Room, cfg.Identity, cfg.Resolution, cfg.FPS = "room", "bot", "160x90", 15
	b, err := New(Params{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return b
}

// closingFrames is a frame source that holds a resource to release.
type closingFrames struct{ closed int }

func (s *closingFrames) Next(*image.YCbCr, uint32, time.Time) {}
func (s *closingFrames) Close() error                         { s.closed++; return nil }

// closingSamples is a sample source that holds a resource to release.
type closingSamples struct{ closed int }

func (s *closingSamples) Next([]int16) {}
func (s *closingSamples) Close() error { s.closed++; return nil }

// TestLocalTrackKindsMuteAndClose: both kinds of local track keep their
// mute state and pass it to their encoder, and close only once.
func TestLocalTrackKindsMuteAndClose(t *testing.T) {
	b := unconnectedBot(t)
	for _, source := range []livekit.TrackSource{livekit.TrackSource_CAMERA, livekit.TrackSource_MICROPHONE} {
		tr, err := b.newLocalTrack(source)
		if err != nil {
			t.Fatal(err)
		}
		tr.setMuted(true)
		if !tr.isMuted() || !encoderMuted(tr) {
			t.Errorf("%s: muted %v, encoder muted %v; want both", SourceName(source), tr.isMuted(), encoderMuted(tr))
		}
		tr.setMuted(false)
		if tr.isMuted() || encoderMuted(tr) {
			t.Errorf("%s: still muted after unmute", SourceName(source))
		}
		tr.close()
		tr.close()
		tr.start() // after close: nothing starts
		if n := tr.encodedFrames(); n != 0 {
			t.Errorf("%s: %d frames encoded by a closed track", SourceName(source), n)
		}
	}
	// A screen share configured none defaults to the first screen, which
	// needs a display.
	t.Setenv("DISPLAY", "")
	if _, err := b.newLocalTrack(livekit.TrackSource_SCREEN_SHARE); !errors.Is(err, screen.ErrNoDisplay) {
		t.Errorf("screen share without a display: %v, want screen.ErrNoDisplay", err)
	}
}

func encoderMuted(tr localTrack) bool {
	switch t := tr.(type) {
	case *videoTrack:
		return t.enc.Muted()
	case *audioTrack:
		return t.enc.Muted()
	}
	return false
}

// TestUnpublishKeepsOrReleasesSource: a source kept on unpublish serves the
// next track of the same source; a released one is closed and forgotten.
func TestUnpublishKeepsOrReleasesSource(t *testing.T) {
	b := unconnectedBot(t)
	frames, samples := &closingFrames{}, &closingSamples{}
	b.idle.keepFrames(livekit.TrackSource_CAMERA, videoInput{src: frames, width: 160, height: 90, fps: 15})
	b.idle.keepSamples(livekit.TrackSource_MICROPHONE, samples)

	camera, err := b.newLocalTrack(livekit.TrackSource_CAMERA)
	if err != nil {
		t.Fatal(err)
	}
	mic, err := b.newLocalTrack(livekit.TrackSource_MICROPHONE)
	if err != nil {
		t.Fatal(err)
	}
	video, audio := camera.(*videoTrack), mic.(*audioTrack)
	defer video.close()
	defer audio.close()
	if video.in.src != frames || audio.src != samples {
		t.Fatal("new tracks did not take the kept sources")
	}
	if b.idle.takeFrames(livekit.TrackSource_CAMERA).src != nil || b.idle.takeSamples(livekit.TrackSource_MICROPHONE) != nil {
		t.Fatal("a taken source is still kept")
	}

	video.keepSource(&b.idle)
	audio.releaseSource()
	if frames.closed != 0 || samples.closed != 1 {
		t.Fatalf("closed: frames %d, samples %d; want 0 and 1", frames.closed, samples.closed)
	}
	if b.idle.takeFrames(livekit.TrackSource_CAMERA).src != frames {
		t.Fatal("kept frame source not parked")
	}
	if b.idle.takeSamples(livekit.TrackSource_MICROPHONE) != nil {
		t.Fatal("released sample source parked")
	}
}
