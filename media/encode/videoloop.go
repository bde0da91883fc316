package encode

import (
	"context"
	"time"

	"github.com/pion/webrtc/v4/pkg/media"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/media/synthetic"
)

// primeInterval spaces the keyframes a muted track sends until the SFU
// acknowledges it.
const (
	primeInterval = 250 * time.Millisecond
	maxPrimes     = 4
)

// needsPrime reports whether a muted track should send a keyframe anyway:
// after each bind (the first publish, or the republish after a full
// reconnect) until the SFU acknowledges the track with RTCP, at most
// maxPrimes times.
func (t *VideoTrack) needsPrime() bool {
	return t.bound.Load() && !t.acked.Load() && t.primeBudget.Load() > 0
}

// captureLoop renders one frame per tick into the top layer's buffer, runs
// the processors, and posts scaled copies to the lower layers. While muted
// it waits without ticking.
func (t *VideoTrack) captureLoop(ctx context.Context) {
	defer t.wg.Done()
	ticker := time.NewTicker(t.frameDur)
	defer ticker.Stop()
	top := t.layers[len(t.layers)-1]
	var number uint32
	for {
		if t.muted.Load() && !t.needsPrime() {
			select {
			case <-t.wake:
				ticker.Reset(t.frameDur)
				continue
			case <-ctx.Done():
				return
			}
		}
		var now time.Time
		prime := t.muted.Load()
		if prime {
			// A muted track still sends a few keyframes after it is bound,
			// until the SFU acknowledges it with RTCP or a second passes: the
			// SFU makes a video track visible to others only once media
			// arrives.
			select {
			case <-time.After(primeInterval):
			case <-ctx.Done():
				return
			}
			for _, l := range t.layers {
				l.enc.ForceKeyFrame()
			}
			t.primeBudget.Add(-1)
			now = time.Now()
		} else {
			select {
			case now = <-ticker.C:
			case <-t.wake:
				continue
			case <-ctx.Done():
				return
			}
			if now.UnixNano() < t.stallUntil.Load() {
				continue // stalled: no frame, as from a camera that hangs
			}
		}
		full := top.box.acquire()
		full.number, full.capture, full.prime = number, now, prime
		t.params.Source.Next(full.img, number, now)
		for _, p := range t.params.Processors {
			p.Process(full.img)
		}
		// Each lower layer is scaled from the one above it (720p -> 360p ->
		// 180p costs less than both from 720p). Encoders only read a posted
		// frame, so scaling from it after posting is safe.
		top.box.post(full)
		above := full
		for i := len(t.layers) - 2; i >= 0; i-- {
			l := t.layers[i]
			f := l.box.acquire()
			synthetic.Downscale(f.img, above.img)
			f.number, f.capture, f.prime = number, now, prime
			l.box.post(f)
			above = f
		}
		t.captured.Add(1)
		number++
	}
}

// encodeLoop encodes each frame a layer receives and writes it to the
// layer's track, timestamped with its capture time.
func (t *VideoTrack) encodeLoop(ctx context.Context, l *layer) {
	defer t.wg.Done()
	log := t.log.With(zap.Uint32("width", l.spec.Width))
	var writeErrs uint64
	for {
		f, ok := l.box.take(ctx)
		if !ok {
			return
		}
		if t.muted.Load() && !f.prime {
			l.box.release(f)
			continue
		}
		data, key, err := l.enc.Encode(f.img)
		capture := f.capture
		l.box.release(f)
		if err != nil {
			log.Warn("encode failed", zap.Error(err))
			t.params.OnError("encode video", err)
			continue
		}
		if len(data) == 0 {
			l.skipped.Add(1)
			continue
		}
		l.encoded.Add(1)
		if key {
			l.keyframes.Add(1)
			if l.resumeKeys.Load() > 0 && l.resumeKeys.Add(-1) >= 0 {
				l.enc.ForceKeyFrame()
			}
		}
		sample := media.Sample{Data: data, Timestamp: capture, Duration: t.frameDur}
		bound := l.track.IsBound()
		err = l.track.WriteSample(sample, nil)
		if err == nil && bound {
			l.sent.Add(1)
			l.bytesSent.Add(uint64(len(data)))
		}
		if err != nil {
			writeErrs++
			if writeErrs == 1 || writeErrs%1000 == 0 {
				log.Debug("write sample failed", zap.Error(err), zap.Uint64("count", writeErrs))
				t.params.OnError("write video", err)
			}
		}
	}
}

// VideoStats counts what a video track did.
type VideoStats struct {
	Captured uint64
	Layers   []LayerStats
}

// LayerStats counts one layer's work.
type LayerStats struct {
	Width, Height int
	Encoded       uint64
	// Sent counts frames written to the layer's track while it was bound
	// to a peer connection; frames written before the bind go nowhere.
	Sent             uint64
	Keyframes        uint64
	KeyframeRequests uint64
	// Dropped counts captured frames the layer never sent: its encoder
	// was still busy, or its rate control skipped them (openh264 does).
	Dropped uint64
	// BytesSent adds up the frames counted in Sent.
	BytesSent uint64
	// Feedback is what the SFU reported about the layer's stream.
	Feedback Feedback
}

// Stats returns counters since Start.
func (t *VideoTrack) Stats() VideoStats {
	s := VideoStats{Captured: t.captured.Load()}
	for _, l := range t.layers {
		s.Layers = append(s.Layers, LayerStats{
			Width: int(l.spec.Width), Height: int(l.spec.Height),
			Encoded: l.encoded.Load(), Sent: l.sent.Load(), Keyframes: l.keyframes.Load(),
			KeyframeRequests: l.requests.Load(), Dropped: l.box.droppedFrames() + l.skipped.Load(),
			BytesSent: l.bytesSent.Load(), Feedback: l.fb.snapshot(),
		})
	}
	return s
}
