package sample

import (
	"context"
	"io"
	"sync"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/interceptor"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
)

// boundTrack is the TrackLocalContext a PeerConnection would give an
// lksdk LocalTrack; it keeps the RTP packets written to it.
type boundTrack struct {
	codec webrtc.RTPCodecParameters
	mu    sync.Mutex
	pkts  []rtp.Packet
}

func (b *boundTrack) CodecParameters() []webrtc.RTPCodecParameters {
	return []webrtc.RTPCodecParameters{b.codec}
}
func (b *boundTrack) HeaderExtensions() []webrtc.RTPHeaderExtensionParameter { return nil }
func (b *boundTrack) SSRC() webrtc.SSRC                                      { return 1234 }
func (b *boundTrack) SSRCRetransmission() webrtc.SSRC                        { return 0 }
func (b *boundTrack) SSRCForwardErrorCorrection() webrtc.SSRC                { return 0 }
func (b *boundTrack) WriteStream() webrtc.TrackLocalWriter                   { return b }
func (b *boundTrack) ID() string                                             { return "test" }
func (b *boundTrack) RTCPReader() interceptor.RTCPReader                     { return b }

// Read ends the LocalTrack's RTCP reader at once.
func (b *boundTrack) Read([]byte, interceptor.Attributes) (int, interceptor.Attributes, error) {
	return 0, nil, io.EOF
}

func (b *boundTrack) WriteRTP(h *rtp.Header, payload []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pkts = append(b.pkts, rtp.Packet{Header: *h, Payload: append([]byte(nil), payload...)})
	return len(payload), nil
}

func (b *boundTrack) Write(p []byte) (int, error) {
	var pkt rtp.Packet
	if err := pkt.Unmarshal(p); err != nil {
		return 0, err
	}
	return b.WriteRTP(&pkt.Header, pkt.Payload)
}

// TestLocalTrackTimestamps plays files through an lksdk LocalTrack, with a
// mute and a loop, and checks the RTP timestamps: one per sample, rising
// by each sample's duration plus the muted time before it.
func TestLocalTrackTimestamps(t *testing.T) {
	for _, tc := range []struct {
		name  string
		mime  string
		clock uint32
		path  func(t *testing.T) string
	}{
		{"vp8", webrtc.MimeTypeVP8, 90000, func(t *testing.T) string {
			return encode(t, "x.ivf", append(testsrc("0.5"), "-c:v", "libvpx", "-g", "5", "-deadline", "realtime")...)
		}},
		{"h264", webrtc.MimeTypeH264, 90000, func(t *testing.T) string {
			return encode(t, "x.h264", append(testsrc("0.5"), "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-g", "5", "-bsf:v", "h264_mp4toannexb", "-f", "h264")...)
		}},
		{"opus", webrtc.MimeTypeOpus, 48000, func(t *testing.T) string {
			return encode(t, "x.ogg", "-f", "lavfi", "-i", "sine", "-t", "0.5", "-c:a", "libopus")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := mustOpen(t, tc.path(t), Options{Loop: true})
			capability := webrtc.RTPCodecCapability{MimeType: tc.mime, ClockRate: tc.clock}
			track, err := lksdk.NewLocalTrack(capability)
			if err != nil {
				t.Fatal(err)
			}
			bound := &boundTrack{codec: webrtc.RTPCodecParameters{RTPCodecCapability: capability, PayloadType: 96}}
			if _, err := track.Bind(bound); err != nil {
				t.Fatal(err)
			}
			defer track.Close()

			var want []time.Duration // media time of each sample sent
			base, at := time.Now(), time.Duration(0)
			p := NewPlayer(f, func(s Sample) error {
				at += s.Skipped
				want = append(want, at)
				err := track.WriteSample(media.Sample{Data: s.Data, Duration: s.Duration, Timestamp: base.Add(at)}, nil)
				at += s.Duration
				return err
			})
			p.unpaced = true
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ticks := 0
			p.tick = func(int) {
				switch ticks {
				case 3:
					p.SetMuted(true)
				case 9:
					p.SetMuted(false)
				case 2*f.Len() + 7:
					cancel()
				}
				ticks++
			}
			if err := p.Run(ctx); err != nil {
				t.Fatal(err)
			}

			var stamps []uint32
			bound.mu.Lock()
			for _, pkt := range bound.pkts {
				if n := len(stamps); n == 0 || stamps[n-1] != pkt.Timestamp {
					stamps = append(stamps, pkt.Timestamp)
				}
			}
			bound.mu.Unlock()
			if len(stamps) != len(want) || p.Stats().Loops != 2 {
				t.Fatalf("%d RTP timestamps for %d samples, %d loops", len(stamps), len(want), p.Stats().Loops)
			}
			if gap := want[3] - want[2]; gap < 5*f.idx.entries[2].dur {
				t.Errorf("sample 3 follows sample 2 by %v; the mute skipped nothing", gap)
			}
			for k := 1; k < len(stamps); k++ {
				got := int64(stamps[k] - stamps[k-1])
				exp := int64((want[k] - want[k-1]).Seconds() * float64(tc.clock))
				if got <= 0 || got < exp-2 || got > exp+2 {
					t.Errorf("sample %d: RTP timestamp +%d, want +%d", k, got, exp)
				}
			}
		})
	}
}
