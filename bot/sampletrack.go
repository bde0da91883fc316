package bot

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/rtcp"
	pionmedia "github.com/pion/webrtc/v4/pkg/media"

	"github.com/lkbot/lkbot/media/encode"
	"github.com/lkbot/lkbot/media/sample"
)

// sampleTrack publishes an encoded file (IVF, Ogg/Opus, H.264 Annex-B) as
// it is, without decoding or encoding: the file's frames become the
// track's samples, paced by their media time. Such a file cannot make a
// keyframe when a subscriber asks for one, so the player starts every loop
// and every unmute at a keyframe.
type sampleTrack struct {
	trackState
	file   *sample.File
	track  *lksdk.LocalTrack
	player *sample.Player
	// keyRequests counts the PLIs and FIRs the SFU sent, which a file
	// cannot answer.
	keyRequests atomic.Uint64
	// base and at are the wall time of the first sample and the media
	// time of the next, for write.
	base time.Time
	at   time.Duration

	cancel context.CancelFunc
	wg     sync.WaitGroup
	done   chan struct{}
	err    error // set before done closes
}

// newSampleTrack opens path for source.
func (b *Bot) newSampleTrack(source livekit.TrackSource, path string) (*sampleTrack, error) {
	f, err := sample.Open(path, sample.Options{FPS: b.cfg.FPS, Loop: b.cfg.Loop})
	if err != nil {
		return nil, err
	}
	if err := checkSampleFile(f, path, isVideoSource(source), b.cfg.VideoCodec); err != nil {
		_ = f.Close()
		return nil, err
	}
	capability, err := encode.Capability(f.Codec())
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	t := &sampleTrack{
		trackState: trackState{source: source, codecName: f.Codec(), muted: b.startMuted(source)},
		file:       f, done: make(chan struct{}),
	}
	t.track, err = lksdk.NewLocalTrack(capability, lksdk.WithRTCPHandler(t.onRTCP))
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("new %s track: %w", f.Codec(), err)
	}
	t.player = sample.NewPlayer(f, t.write)
	t.player.SetMuted(t.muted)
	return t, nil
}

// checkSampleFile refuses an encoded file whose kind or codec does not fit
// a video (or audio) source. A video file's codec must be --video-codec:
// the room negotiated it, and a file cannot be transcoded on the way.
func checkSampleFile(f *sample.File, path string, video bool, videoCodec string) error {
	if video != (f.Kind() == "video") {
		return fmt.Errorf("file %q is %s (%s), but this source needs %s (%s)", path, f.Kind(), f.Codec(), kindName(video), fileFormatsFor(video))
	}
	if video && f.Codec() != videoCodec {
		return fmt.Errorf("file %q is %s, but --video-codec is %s (encoded files are sent as they are: set --video-codec %s)", path, f.Codec(), videoCodec, f.Codec())
	}
	return nil
}

func kindName(video bool) string {
	if video {
		return "video"
	}
	return "audio"
}

// write sends one sample, stamped with its media time since the first:
// the time a mute skipped counts too, so that RTP timestamps keep pace
// with the clock across a mute (from durations alone they would fall
// behind). Only the player's goroutine calls it.
func (t *sampleTrack) write(s sample.Sample) error {
	if t.base.IsZero() {
		t.base = time.Now()
	}
	t.at += s.Skipped
	err := t.track.WriteSample(pionmedia.Sample{Data: s.Data, Duration: s.Duration, Timestamp: t.base.Add(t.at)}, nil)
	t.at += s.Duration
	return err
}

func (t *sampleTrack) onRTCP(pkt rtcp.Packet) {
	switch pkt.(type) {
	case *rtcp.PictureLossIndication, *rtcp.FullIntraRequest:
		t.keyRequests.Add(1)
	}
}

func (t *sampleTrack) publish(lp *lksdk.LocalParticipant, opts *lksdk.TrackPublicationOptions) (*lksdk.LocalTrackPublication, error) {
	opts.VideoWidth, opts.VideoHeight = t.file.Size()
	return lp.PublishTrack(t.track, opts)
}

func (t *sampleTrack) start() {
	t.runUnlessClosed(func() {
		ctx, cancel := context.WithCancel(context.Background())
		t.cancel = cancel
		t.wg.Add(1)
		go func() {
			defer t.wg.Done()
			t.err = t.player.Run(ctx)
			close(t.done)
		}()
	})
}

func (t *sampleTrack) close() {
	t.closeOnce(func() {
		if t.cancel != nil {
			t.cancel()
		}
		t.wg.Wait()
		_ = t.track.Close()
	})
}

func (t *sampleTrack) setMuted(muted bool) {
	t.recordMuted(muted)
	t.player.SetMuted(muted)
}

// encodedFrames counts the file's frames the player sent: they stand for
// encoded frames, and stop when the track is muted.
func (t *sampleTrack) encodedFrames() uint64 { return t.player.Stats().Sent }

func (t *sampleTrack) sentFrames() uint64 { return t.player.Stats().Sent }

// A player cannot be parked: it is tied to its track. The next Publish
// opens the file again, from its start.
func (t *sampleTrack) keepSource(*idleSources) { _ = t.file.Close() }

func (t *sampleTrack) releaseSource() { _ = t.file.Close() }

// mediaSource is the track itself: it ends when the file does.
func (t *sampleTrack) mediaSource() any { return sampleEnd{t} }

func (t *sampleTrack) sent() SentTrack {
	kind := "audio"
	if isVideoSource(t.source) {
		kind = "video"
	}
	st := t.player.Stats()
	return SentTrack{Source: SourceName(t.source), Kind: kind, Streams: []SentStream{{Frames: st.Sent, Bytes: st.Bytes}}}
}

// sampleEnd is a sampleTrack seen as an ender: done when its player
// stops, which before close means the file ended or failed.
type sampleEnd struct{ t *sampleTrack }

func (e sampleEnd) Done() <-chan struct{} { return e.t.done }

func (e sampleEnd) Err() error {
	<-e.t.done
	return e.t.err
}
