package record

import (
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/lkbot/lkbot/record/reception"
	"github.com/lkbot/lkbot/record/webm"
)

// Mux modes.
const (
	muxTrack       = "track"
	muxParticipant = "participant"
)

// Tracks of a participant's muxed file.
const (
	muxVideo = 0
	muxAudio = 1
)

// participantFile is one participant's camera and microphone in one file,
// which the WebM writer keeps in time order. The camera's first keyframe
// opens it: the file starts there, and microphone frames before it are
// not kept. It is finished when both tracks have let it go.
type participantFile struct {
	mu    sync.Mutex
	w     *webm.Writer
	name  string
	start time.Time
	users int
	err   error
}

// muxFor returns participant's shared file, counting one more user.
func (r *Recorder) muxFor(participant string) *participantFile {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := r.muxes[participant]
	if m == nil {
		m = &participantFile{}
		r.muxes[participant] = m
	}
	m.users++
	return m
}

// release drops one user; the last one finishes the file and forgets it.
func (r *Recorder) release(participant string, m *participantFile) error {
	r.mu.Lock()
	m.users--
	last := m.users == 0
	if last {
		delete(r.muxes, participant)
	}
	r.mu.Unlock()
	if !last {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.w == nil {
		return nil
	}
	return m.w.Close()
}

// openVideo creates the file at the camera's first keyframe; the audio
// track is always there, so that the microphone can join at any time.
func (m *participantFile) openVideo(dir, participant, codec string, first reception.Frame) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.w != nil {
		return nil
	}
	ext := ".webm"
	if codec == "h264" {
		ext = ".mkv"
	}
	m.name = safeName(participant) + ext
	w, err := webm.Create(filepath.Join(dir, m.name), []webm.Track{
		{Codec: codec, Width: first.Width, Height: first.Height},
		{Codec: "opus"},
	}, webm.Options{Sync: true})
	if err != nil {
		return err
	}
	m.w, m.start = w, first.Wall
	return nil
}

// opened reports the file's name and start, once the camera opened it.
func (m *participantFile) opened() (name string, start time.Time, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.name, m.start, m.w != nil
}

// muxedTrack is one track's view of a participantFile. Closing it does
// nothing: the track lets the file go when it ends (Recorder.release).
type muxedTrack struct {
	m     *participantFile
	index int
}

func (t muxedTrack) Write(at time.Duration, key bool, data []byte) error {
	if at < 0 {
		return nil // before the camera's first keyframe: not in the file
	}
	t.m.mu.Lock()
	w := t.m.w
	t.m.mu.Unlock()
	if w == nil {
		return fmt.Errorf("the participant's file is closed")
	}
	return w.Write(t.index, at, key, data)
}

func (t muxedTrack) Flush() error {
	t.m.mu.Lock()
	w := t.m.w
	t.m.mu.Unlock()
	if w == nil {
		return nil
	}
	return w.Flush()
}

func (t muxedTrack) Close() error { return nil }
