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
// not kept. A participant whose camera has not opened it by the time its
// microphone has waited muxAudioWait gets a file of its audio alone, and a
// camera that comes later a file of its own. It is finished when every
// track has let it go.
type participantFile struct {
	mu        sync.Mutex
	w         *webm.Writer
	name      string
	start     time.Time
	audioOnly bool
	users     int
}

// muxAudioWait is how long a microphone's frames wait for the camera to
// open the participant's file before they open it alone: longer than the
// camera's first file may wait for its layer, and then for a keyframe.
const muxAudioWait = layerWait + 2*time.Second

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
// It reports false when the microphone has opened the file alone: the
// camera then needs a file of its own.
func (m *participantFile) openVideo(dir, participant, codec string, first reception.Frame) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.w != nil {
		return !m.audioOnly, nil
	}
	ext := ".webm"
	if codec == "h264" {
		ext = ".mkv"
	}
	return true, m.create(dir, safeName(participant)+ext, first.Wall, []webm.Track{
		{Codec: codec, Width: first.Width, Height: first.Height},
		{Codec: "opus"},
	})
}

// openAudio creates the file, with an audio track alone, at first,
// unless the camera has opened it.
func (m *participantFile) openAudio(dir, participant string, first reception.Frame) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.w != nil {
		return nil
	}
	m.audioOnly = true
	return m.create(dir, safeName(participant)+".webm", first.Wall, []webm.Track{{Codec: "opus"}})
}

func (m *participantFile) create(dir, name string, start time.Time, tracks []webm.Track) error {
	w, err := webm.Create(filepath.Join(dir, name), tracks, webm.Options{Sync: true})
	if err != nil {
		return err
	}
	m.w, m.name, m.start = w, name, start
	return nil
}

// audioIndex is the microphone's track in the file.
func (m *participantFile) audioIndex() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.audioOnly {
		return 0
	}
	return muxAudio
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
