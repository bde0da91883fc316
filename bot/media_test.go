package bot

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/internal/lktest"
)

func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: needs a LiveKit server (run without -short)")
	}
}

func startBot(t *testing.T, srv *lktest.Server, change func(*Config)) *Bot {
	t.Helper()
	cfg := DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	cfg.Room, cfg.Identity = "room", "bot"
	cfg.Resolution, cfg.FPS = "640x360", 15
	if change != nil {
		change(&cfg)
	}
	b, err := New(Params{Config: cfg, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// TestPublishedMedia checks, from a second participant, what the bot
// publishes: codecs, the three simulcast layers, decodable frames with
// increasing frame numbers, mute that stops RTP, unmute that resumes with a
// keyframe, and unpublish.
func TestPublishedMedia(t *testing.T) {
	skipShort(t)
	for _, tc := range []struct{ codec, mime string }{{CodecVP8, "video/VP8"}, {CodecH264, "video/H264"}} {
		t.Run(tc.codec, func(t *testing.T) {
			srv := lktest.Start(t)
			b := startBot(t, srv, func(c *Config) { c.VideoCodec = tc.codec })
			p := newPeer(t, srv, "room", "watcher")

			video, audio := p.track(SourceCamera), p.track(SourceMicrophone)
			if video.mime != tc.mime || audio.mime != "audio/opus" {
				t.Fatalf("codecs: video %s audio %s, want %s and audio/opus", video.mime, audio.mime, tc.mime)
			}

			keyAt := 0 // index of the full-size layer's first keyframe
			for _, l := range []struct {
				q    livekit.VideoQuality
				w, h int
			}{{livekit.VideoQuality_LOW, 160, 90}, {livekit.VideoQuality_MEDIUM, 320, 180}, {livekit.VideoQuality_HIGH, 640, 360}} {
				from := video.count()
				p.setQuality(video, l.q)
				eventually(t, 15*time.Second, fmt.Sprintf("layer %s at %dx%d", l.q, l.w, l.h), func() bool {
					pkts := video.snapshot()
					for i := min(from, len(pkts)); i < len(pkts); i++ {
						if w, h, ok := frameSize(tc.mime, pkts[i].pkt); ok && w == l.w && h == l.h {
							keyAt = i
							return true
						}
					}
					return false
				})
			}

			if tc.codec == CodecVP8 {
				time.Sleep(2 * time.Second)
				pkts := video.snapshot()[keyAt:]
				stamps, err := decodeVP8Stamps(pkts)
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				if len(stamps) < 15 {
					t.Fatalf("decoded %d stamped frames in 2 s at 15 frames/s, want at least 15", len(stamps))
				}
				for i := 1; i < len(stamps); i++ {
					if stamps[i] <= stamps[i-1] {
						t.Fatalf("frame numbers not increasing: %v", stamps)
					}
				}
			}

			checkMute(t, b, video, tc.mime)
			checkMute(t, b, audio, "audio/opus")

			sid := video.pub.SID()
			if err := b.Unpublish(livekit.TrackSource_CAMERA, true); err != nil {
				t.Fatal(err)
			}
			eventually(t, 10*time.Second, "peer sees the camera unpublished", func() bool {
				p.mu.Lock()
				defer p.mu.Unlock()
				return p.gone[sid]
			})
			if err := b.Unpublish(livekit.TrackSource_CAMERA, false); err == nil {
				t.Fatal("second unpublish succeeded")
			}
		})
	}
}

// sfuBlankFrameMax is the largest payload of the blank frames the SFU
// generates (an Opus silence frame is 3 bytes).
const sfuBlankFrameMax = 3

// checkMute mutes a track, checks that RTP stops within a second, unmutes it
// and checks that media resumes, with a keyframe first for video.
func checkMute(t *testing.T, b *Bot, pt *peerTrack, mime string) {
	t.Helper()
	source := pt.pub.Source()
	if err := b.SetMuted(source, true); err != nil {
		t.Fatal(err)
	}
	mutedAt := time.Now()
	time.Sleep(200 * time.Millisecond)
	encoded := b.encodedFrames(source)
	time.Sleep(1800 * time.Millisecond)
	if n := b.encodedFrames(source) - encoded; n != 0 {
		t.Fatalf("%s: encoded %d frames while muted", SourceName(source), n)
	}
	for _, pp := range pt.snapshot() {
		// The SFU itself may send a few tiny blank or silence frames around
		// a mute; they are not the bot's media.
		if pp.at.After(mutedAt.Add(time.Second)) && len(pp.pkt.Payload) > sfuBlankFrameMax {
			t.Fatalf("%s: RTP with %d bytes of payload arrived %s after mute", SourceName(source), len(pp.pkt.Payload), pp.at.Sub(mutedAt))
		}
	}
	before := pt.count()
	if err := b.SetMuted(source, false); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, SourceName(source)+" media after unmute", func() bool { return pt.count() > before+5 })
	if mime != "audio/opus" {
		first := pt.snapshot()[before]
		if !startsKeyframe(mime, first.pkt) {
			t.Fatalf("%s: first packet after unmute is not a keyframe", SourceName(source))
		}
	}
}

var _ = livekit.TrackSource_CAMERA
