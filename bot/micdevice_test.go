package bot

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/pulsetest"
	"github.com/lkbot/lkbot/internal/testpeer"
	"github.com/lkbot/lkbot/media/device/mic"
)

// TestMicrophoneDevice publishes a real capture device: the monitor of a
// PulseAudio null sink that a 1 kHz tone plays into. rtc-node must hear
// the tone at its pitch and level, and a mute must stop the RTP.
func TestMicrophoneDevice(t *testing.T) {
	pulse := pulsetest.Start(t)
	pulse.Setenv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	playing := make(chan error, 1)
	go func() { playing <- pulse.PlayTone(ctx, 1000, 40) }()
	t.Cleanup(func() {
		cancel()
		<-playing
	})

	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) {
		c.Camera, c.Mic = "none", "device:"+pulse.MonitorName()
	})
	node := testpeer.StartNode(t, srv.URL(), srv.Token(t, "room", "node"))
	sub, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		return e.Type == "track_subscribed" && e.Kind == "audio" && e.Participant == "bot"
	})
	if err != nil {
		t.Fatalf("node never subscribed to the bot's microphone: %v", err)
	}
	checkTone(ctx, t, node, sub.SID, 1000, pulsetest.ToneAmplitude/math.Sqrt2)

	watcher := newPeer(t, srv, "room", "watcher")
	checkMute(t, b, watcher.track(SourceMicrophone), "audio/opus")
}

// TestMicrophoneWithoutAudioServer: with no audio server and no sound
// card, publishing a capture device fails with one line that says so,
// instead of publishing miniaudio's null device's silence.
func TestMicrophoneWithoutAudioServer(t *testing.T) {
	t.Setenv("PULSE_SERVER", "unix:"+t.TempDir()+"/no-such-socket")
	srv := lktest.Start(t)
	cfg := DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	cfg.Room, cfg.Identity, cfg.Camera, cfg.Mic = "room", "bot", "none", "device"
	b, err := New(Params{Config: cfg, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = b.Connect(ctx)
	if err == nil {
		t.Fatal("Connect published a microphone with no audio server")
	}
	if !errors.Is(err, mic.ErrNoAudioServer) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("error %q, want one line wrapping mic.ErrNoAudioServer", err)
	}
}

// TestScreenShareAudio publishes a sink's monitor as the screen share's
// audio, as one captures what a machine plays: rtc-node must see a
// screen_share_audio track carrying the tone.
func TestScreenShareAudio(t *testing.T) {
	pulse := pulsetest.Start(t)
	pulse.Setenv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	playing := make(chan error, 1)
	go func() { playing <- pulse.PlayTone(ctx, 600, 40) }()
	t.Cleanup(func() {
		cancel()
		<-playing
	})
	srv := lktest.Start(t)
	startBot(t, srv, func(c *Config) {
		c.Camera, c.Mic, c.ScreenAudio = "none", "none", "device:"+pulse.MonitorName()
	})
	node := testpeer.StartNode(t, srv.URL(), srv.Token(t, "room", "node"))
	sub, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		return e.Type == "track_subscribed" && e.Kind == "audio" && e.Participant == "bot"
	})
	if err != nil {
		t.Fatalf("node never subscribed to the bot's screen share audio: %v", err)
	}
	if sub.Source != SourceScreenShareAudio {
		t.Fatalf("the bot's audio is %q, want %s", sub.Source, SourceScreenShareAudio)
	}
	checkTone(ctx, t, node, sub.SID, 600, pulsetest.ToneAmplitude/math.Sqrt2)
}
