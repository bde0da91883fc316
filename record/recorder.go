package record

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/livekit/protocol/livekit"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/record/reception"
)

// Params are a recorder's collaborators.
type Params struct {
	Config Config
	// Room and Identity go into the manifest.
	Room, Identity string
	// Events receives the recording_* events.
	Events *event.Stream
	Logger *zap.Logger
}

// Recorder records the tracks a bot receives. Give it to bot.Params.Sink;
// Close it after the bot has closed.
type Recorder struct {
	cfg    Config
	events *event.Stream
	log    *zap.Logger
	room   string
	me     string

	mu sync.Mutex
	// live are the tracks recording now, which the flush loop visits.
	live map[*trackRecorder]bool
	// muxes are the participants' shared files (Config.Mux participant).
	muxes map[string]*participantFile
	// tracks holds what the manifest says of every track ever recorded,
	// by SID; each trackRecorder updates its own under mu.
	tracks  map[string]*trackRecord
	order   []string
	started time.Time
	endedAt time.Time
	mErr    error // the last manifest write error, reported once

	// create opens files: createFile, or a failing stand-in in tests.
	create fileCreator

	stop context.CancelFunc
	wg   sync.WaitGroup
}

// flushEvery is how often open files are flushed, so that a kill loses at
// most this much of a paused track, besides the writers' own cluster.
const flushEvery = time.Second

var _ bot.TrackSink = (*Recorder)(nil)

// New checks that the directory can be written, creating it if needed,
// and writes a first manifest.
func New(p Params) (*Recorder, error) {
	if p.Config.Dir == "" {
		return nil, fmt.Errorf("record: no directory")
	}
	if p.Logger == nil {
		p.Logger = zap.NewNop()
	}
	if p.Events == nil {
		p.Events = event.NewStream()
	}
	if err := os.MkdirAll(p.Config.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	r := &Recorder{cfg: p.Config, events: p.Events, log: p.Logger, room: p.Room, me: p.Identity, started: time.Now(),
		tracks: map[string]*trackRecord{}, live: map[*trackRecorder]bool{}, muxes: map[string]*participantFile{}, create: createFile}
	if err := r.writeManifest(); err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	ctx, stop := context.WithCancel(context.Background())
	r.stop = stop
	r.wg.Add(1)
	go r.flushLoop(ctx)
	return r, nil
}

// flushLoop flushes every live track's file each flushEvery until Close.
func (r *Recorder) flushLoop(ctx context.Context) {
	defer r.wg.Done()
	tick := time.NewTicker(flushEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		r.mu.Lock()
		live := make([]*trackRecorder, 0, len(r.live))
		for t := range r.live {
			live = append(live, t)
		}
		r.mu.Unlock()
		for _, t := range live {
			t.flush()
		}
	}
}

// Open starts recording a subscribed track, unless the filters leave it
// out or its codec cannot be recorded.
func (r *Recorder) Open(info bot.ReceivedTrackInfo) bot.TrackWriter {
	if !r.cfg.takes(info.Participant, info.Source, info.Kind) {
		return nil
	}
	rx, err := reception.New(reception.Params{MimeType: info.MimeType, ClockRate: info.ClockRate, RequestKeyframe: info.RequestKeyframe})
	if err != nil {
		r.events.Publish(event.RecordingError{Participant: info.Participant, SID: info.SID, Source: info.Source, Message: err.Error()})
		return nil
	}
	if info.Kind == "video" && info.Simulcast && info.SetVideoQuality != nil {
		info.SetVideoQuality(qualities[r.quality()])
	}
	t := &trackRecorder{r: r, info: info, codec: codecOf(info.MimeType), rx: rx, want: layerSize(info, qualities[r.quality()])}
	if r.cfg.Mux == muxParticipant && (info.Source == "camera" || info.Source == "microphone") {
		t.mux = r.muxFor(info.Participant)
	}
	r.mu.Lock()
	r.live[t] = true
	r.mu.Unlock()
	return t
}

// layerSize is the size of info's simulcast layer of quality q, or zero.
func layerSize(info bot.ReceivedTrackInfo, q livekit.VideoQuality) [2]int {
	if !info.Simulcast {
		return [2]int{}
	}
	for _, l := range info.Layers {
		if l.GetQuality() == q {
			return [2]int{int(l.GetWidth()), int(l.GetHeight())}
		}
	}
	return [2]int{}
}

func (r *Recorder) quality() string {
	if r.cfg.Quality == "" {
		return "high"
	}
	return r.cfg.Quality
}

// ended takes a track off the flush loop's list.
func (r *Recorder) ended(t *trackRecorder) {
	r.mu.Lock()
	delete(r.live, t)
	r.mu.Unlock()
}

// note records what the manifest says of a track, and rewrites it.
func (r *Recorder) note(rec trackRecord) {
	r.mu.Lock()
	if _, ok := r.tracks[rec.SID]; !ok {
		r.order = append(r.order, rec.SID)
	}
	r.tracks[rec.SID] = &rec
	r.mu.Unlock()
	r.updateManifest()
}

// Close writes the final manifest. The bot must be closed first, so that
// every track has finished its file.
func (r *Recorder) Close() error {
	r.stop()
	r.wg.Wait()
	r.mu.Lock()
	r.endedAt = time.Now()
	r.mu.Unlock()
	return r.writeManifest()
}

// updateManifest rewrites the manifest, reporting a failure once.
func (r *Recorder) updateManifest() {
	err := r.writeManifest()
	r.mu.Lock()
	report := err != nil && r.mErr == nil
	r.mErr = err
	r.mu.Unlock()
	if report {
		r.events.Publish(event.RecordingError{File: "manifest.json", Message: err.Error()})
	}
}
