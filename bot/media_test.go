package bot

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	"github.com/pion/rtp"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/internal/lktest"
)

func startBot(t *testing.T, srv *lktest.Server, change func(*Config)) *Bot {
	t.Helper()
	return startBotLogging(t, srv, testLogger(t), change)
}

// startBotLogging is startBot with its own logger: the drills, which
// measure the heap, must not count a test log that keeps every line.
func startBotLogging(t *testing.T, srv *lktest.Server, log *zap.Logger, change func(*Config)) *Bot {
	t.Helper()
	cfg := DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	cfg.Room, cfg.Identity = "room", "bot"
	cfg.Resolution, cfg.FPS = "640x360", 15
	if change != nil {
		change(&cfg)
	}
	b, err := New(Params{Config: cfg, Logger: log})
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
// publishes: codecs, the three simulcast layers (one full-size stream for
// VP9, which is not SimulcastCapable), decodable frames with increasing
// frame numbers, mute that stops RTP, unmute that resumes with a keyframe,
// and unpublish.
func TestPublishedMedia(t *testing.T) {
	for _, tc := range []struct{ codec, mime string }{{CodecVP8, "video/VP8"}, {CodecH264, "video/H264"}, {CodecVP9, "video/VP9"}} {
		t.Run(tc.codec, func(t *testing.T) {
			srv := lktest.Start(t)
			b := startBot(t, srv, func(c *Config) { c.VideoCodec = tc.codec })
			p := newPeer(t, srv, "room", "watcher")

			video, audio := p.track(SourceCamera), p.track(SourceMicrophone)
			if video.mime != tc.mime || audio.mime != "audio/opus" {
				t.Fatalf("codecs: video %s audio %s, want %s and audio/opus", video.mime, audio.mime, tc.mime)
			}

			type layer struct {
				q    livekit.VideoQuality
				w, h int
			}
			layers := []layer{{livekit.VideoQuality_LOW, 160, 90}, {livekit.VideoQuality_MEDIUM, 320, 180}, {livekit.VideoQuality_HIGH, 640, 360}}
			if tc.codec == CodecVP9 {
				layers = layers[2:]
			}
			keyAt := 0 // index of the full-size layer's first keyframe
			for _, l := range layers {
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
				var stamps []uint32
				eventually(t, 15*time.Second, "15 decoded frames with a stamp", func() bool {
					var err error
					if stamps, err = decodeVP8Stamps(video.snapshot()[keyAt:]); err != nil {
						t.Fatalf("decode: %v", err)
					}
					return len(stamps) >= 15
				})
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
	// Past a frame in flight at the mute, nothing more is encoded.
	encoded := waitQuiet(t, b, source)
	stays(t, time.Second, SourceName(source)+" encodes nothing while muted", func() bool {
		return b.encodedFrames(source) == encoded
	})
	checkNoNewRTP(t, pt, time.Second)
	before := pt.snapshot()
	if err := b.SetMuted(source, false); err != nil {
		t.Fatal(err)
	}
	// The first packet newer than any before the unmute (a late
	// retransmission is older) that starts a frame starts a keyframe.
	newest := newestSeq(before)
	var first *peerPacket
	eventually(t, 5*time.Second, SourceName(source)+" media after unmute", func() bool {
		for _, pp := range pt.snapshot()[len(before):] {
			if seqAfter(pp.pkt.SequenceNumber, newest) && len(pp.pkt.Payload) > sfuBlankFrameMax && !isPadding(pp.pkt) && startsFrame(mime, pp.pkt) {
				first = &pp
				return true
			}
		}
		return false
	})
	if mime != "audio/opus" && !startsKeyframe(mime, first.pkt) {
		t.Fatalf("%s: first packet after unmute is not a keyframe", SourceName(source))
	}
}

// checkNoNewRTP checks, over d, that no media newer than what the peer
// has already received arrives. A packet judged by when it arrives could be
// one sent before the mute and read late, or a retransmission; one judged
// by its sequence number cannot. The SFU itself may send a few tiny blank or
// silence frames around a mute; they are not the bot's media.
func checkNoNewRTP(t *testing.T, pt *peerTrack, d time.Duration) {
	t.Helper()
	pkts := pt.snapshot()
	newest := newestSeq(pkts)
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		for _, pp := range pt.snapshot()[len(pkts):] {
			if len(pp.pkt.Payload) > sfuBlankFrameMax && !isPadding(pp.pkt) && seqAfter(pp.pkt.SequenceNumber, newest) {
				t.Fatalf("%s: new RTP while muted: %d bytes, sequence number %d after %d", SourceName(pt.pub.Source()), len(pp.pkt.Payload), pp.pkt.SequenceNumber, newest)
			}
		}
	}
}

// isPadding reports a padding-only packet: the SFU probes a new
// subscriber's bandwidth with them, muted track or not. They carry no
// media.
func isPadding(p *rtp.Packet) bool {
	if p.Padding && p.PaddingSize == byte(len(p.Payload)) {
		return true
	}
	for _, b := range p.Payload {
		if b != 0 {
			return false
		}
	}
	return true
}

// newestSeq is the latest sequence number among pkts, which must not be
// empty.
func newestSeq(pkts []peerPacket) uint16 {
	newest := pkts[0].pkt.SequenceNumber
	for _, pp := range pkts {
		if seqAfter(pp.pkt.SequenceNumber, newest) {
			newest = pp.pkt.SequenceNumber
		}
	}
	return newest
}

// seqAfter reports whether RTP sequence number a comes after b, across
// wrap-around.
func seqAfter(a, b uint16) bool { return int16(a-b) > 0 }
