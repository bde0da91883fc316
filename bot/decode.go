package bot

import (
	"context"
	"sync"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/media/decode"
	"github.com/lkbot/lkbot/media/synthetic"
)

// keyframeRequestGap is the shortest time between two keyframe requests
// of one track's decoder, as libwebrtc's receiver spaces its PLIs.
const keyframeRequestGap = time.Second

// decodeQueue is how many whole frames may wait for a track's decoder.
// More would only hide a decoder that cannot keep up; a full queue drops
// the frame, and the decoder then waits for the next keyframe.
const decodeQueue = 4

// DecodeStats counts what decoding did with a received video track's
// frames (Config.DecodeVideo).
type DecodeStats struct {
	// Active: the track is decoded (DecodeVideo is set and its codec is
	// VP8 or VP9; H.264 is not decoded).
	Active bool
	// Decoded counts frames decoded to a picture.
	Decoded uint64
	// Unstamped counts decoded pictures whose stamp did not read: not
	// the synthetic camera, or damaged.
	Unstamped uint64
	// Dropped counts frames dropped because the decoder fell behind.
	Dropped uint64
	// Skipped counts frames not decoded while waiting for a keyframe,
	// after a loss, a drop or a decoding error.
	Skipped uint64
	// Failed counts frames libvpx could not decode.
	Failed uint64
	// KeyframeRequests counts the PLIs the decoder sent, at most one a
	// second, while it waited for a keyframe.
	KeyframeRequests uint64
}

// frameDecoder decodes one received video track's frames on a goroutine
// of its own, so that a slow decoder costs frames, never the RTP reader's
// pace. Push belongs to the reader's goroutine; run to the decoder's.
type frameDecoder struct {
	dec   *decode.Decoder
	asm   *decode.Assembler
	queue chan decode.Frame
	lost  bool // the reader dropped a frame since the last it queued

	askKeyframe func()    // sends a PLI for the track
	asked       time.Time // when run last called askKeyframe

	mu    sync.Mutex // guards stats and sink
	stats DecodeStats
	sink  func(time.Duration)
}

// decoderFor returns a decoder for a received track when Config.DecodeVideo
// asks for one and the track is VP8 or VP9 video; nil otherwise.
func (b *Bot) decoderFor(track *webrtc.TrackRemote, rp *lksdk.RemoteParticipant) *frameDecoder {
	if !b.cfg.DecodeVideo || track.Kind() != webrtc.RTPCodecTypeVideo {
		return nil
	}
	mime := track.Codec().MimeType
	d, err := newFrameDecoder(mime, func() { rp.WritePLI(track.SSRC()) })
	if err != nil {
		b.log.Warn("not decoding a received track", zap.String("participant", rp.Identity()), zap.String("codec", mime), zap.Error(err))
		return nil
	}
	return d
}

// newFrameDecoder returns a decoder for a track of mimeType, or nil with
// no error for a codec that is not decoded. askKeyframe sends the track's
// publisher a PLI, as a browser does when it cannot decode.
func newFrameDecoder(mimeType string, askKeyframe func()) (*frameDecoder, error) {
	codec, ok := decode.CodecOf(mimeType)
	if !ok {
		return nil, nil
	}
	dec, err := decode.NewDecoder(codec)
	if err != nil {
		return nil, err
	}
	d := &frameDecoder{dec: dec, queue: make(chan decode.Frame, decodeQueue), askKeyframe: askKeyframe, stats: DecodeStats{Active: true}}
	d.asm = decode.NewAssembler(codec, d.enqueue)
	return d, nil
}

// push adds one received packet (media or repair) that arrived at
// arrival. It never blocks.
func (d *frameDecoder) push(p *rtp.Packet, arrival time.Time) {
	d.asm.Push(p, arrival)
}

// enqueue hands a whole frame to the decoder's goroutine, or drops it if
// the queue is full. The frame after a drop is marked AfterGap.
func (d *frameDecoder) enqueue(f decode.Frame) {
	f.AfterGap = f.AfterGap || d.lost
	select {
	case d.queue <- f:
		d.lost = false
	default:
		d.lost = true
		d.mu.Lock()
		d.stats.Dropped++
		d.mu.Unlock()
	}
}

// finish tells run that no more frames come; the reader calls it when
// the track ends.
func (d *frameDecoder) finish() { close(d.queue) }

// start runs d on a goroutine until ctx ends or stop is called; stop
// waits for it. The track's reader owns both.
func (d *frameDecoder) start(ctx context.Context) (stop func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.run(ctx)
	}()
	return func() {
		d.finish()
		<-done
	}
}

// close frees a decoder that never started.
func (d *frameDecoder) close() { d.dec.Close() }

// run decodes queued frames until finish or ctx ends, then frees the
// decoder.
func (d *frameDecoder) run(ctx context.Context) {
	defer d.dec.Close()
	needKey := true
	for {
		select {
		case <-ctx.Done():
			return
		case f, ok := <-d.queue:
			if !ok {
				return
			}
			needKey = d.decode(f, needKey)
		}
	}
}

// decode decodes f, starting only at a keyframe after a gap, and reports
// whether the next frame needs a keyframe.
func (d *frameDecoder) decode(f decode.Frame, needKey bool) bool {
	if f.AfterGap {
		needKey = true
	}
	if needKey && !f.Keyframe {
		d.count(func(s *DecodeStats) { s.Skipped++ })
		d.requestKeyframe(f.Arrival)
		return true
	}
	img, err := d.dec.Decode(f.Data)
	if err != nil {
		d.count(func(s *DecodeStats) { s.Failed++ })
		d.requestKeyframe(f.Arrival)
		return true
	}
	if img == nil {
		return false // a VP9 reference frame that shows nothing
	}
	stamp, ok := synthetic.ReadStamp(img)
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stats.Decoded++
	if !ok {
		d.stats.Unstamped++
		return false
	}
	if d.sink != nil {
		// To the arrival of the frame's completing packet, as the
		// sender-report latency measures, so that the two agree.
		d.sink(stamp.Delay(f.Arrival))
	}
	return false
}

// requestKeyframe asks for a keyframe unless it asked less than
// keyframeRequestGap before now.
func (d *frameDecoder) requestKeyframe(now time.Time) {
	if d.askKeyframe == nil || (!d.asked.IsZero() && now.Sub(d.asked) < keyframeRequestGap) {
		return
	}
	d.asked = now
	d.askKeyframe()
	d.count(func(s *DecodeStats) { s.KeyframeRequests++ })
}

func (d *frameDecoder) count(f func(*DecodeStats)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f(&d.stats)
}

// snapshot returns the counts so far; a nil decoder has none.
func (d *frameDecoder) snapshot() DecodeStats {
	if d == nil {
		return DecodeStats{}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stats
}

// onLatency sets the latency sink; nil stops it.
func (d *frameDecoder) onLatency(f func(time.Duration)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.sink = f
}
