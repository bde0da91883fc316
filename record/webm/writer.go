package webm

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/at-wat/ebml-go/webm"

	"github.com/lkbot/lkbot/record/appendfile"
)

// Options tune a Writer; the zero value is ready to use.
type Options struct {
	// ClusterInterval bounds a cluster's span: at least this often the
	// writer hands what it holds to the OS, so a killed process loses at
	// most this much (and Interleave) of media. 0 means 1 s; at most 30 s.
	ClusterInterval time.Duration
	// Interleave is how long blocks of a muxed file wait for earlier
	// blocks of the other tracks before they are written in time order.
	// 0 means 500 ms. Files of one track write blocks as they come.
	Interleave time.Duration
	// Sync makes the writer fsync after every cluster, so that a power
	// loss too, not only a killed process, loses at most a cluster.
	Sync bool
}

func (o *Options) defaults() {
	if o.ClusterInterval <= 0 {
		o.ClusterInterval = time.Second
	}
	o.ClusterInterval = min(o.ClusterInterval, 30*time.Second) // block times are int16 ms
	if o.Interleave <= 0 {
		o.Interleave = 500 * time.Millisecond
	}
}

// Stats count what a Writer did.
type Stats struct {
	// Blocks were written to the file (or are waiting in the cluster).
	Blocks int
	// Dropped blocks were not written: empty, H.264 without a NAL unit,
	// or audio that came after a later block had been written.
	Dropped int
	// Clamped video blocks came after a later block had been written and
	// were written at its time (or just after the track's previous block)
	// instead, to keep the file in time order.
	Clamped int
	// Bytes is the size of the file so far.
	Bytes int64
	// Duration is the end of the last block written: its time plus its
	// track's frame interval.
	Duration time.Duration
}

// Output is where New writes: it appends with Write and patches the
// header with WriteAt on Close. An *os.File is one. An Output that also
// has Truncate(int64) error is cut back to its last whole cluster after a
// failed write, and one that has Sync() error is synced when Options.Sync
// asks for it.
type Output interface {
	io.Writer
	io.WriterAt
}

// Writer writes one WebM or Matroska file. It is safe for concurrent use:
// a camera and a microphone may write from their own goroutines.
type Writer struct {
	mu     sync.Mutex
	name   string
	out    Output
	file   *os.File // closed by Close when Create opened it
	o      Options
	tracks []track
	video  bool         // a track is video: cues point at its keyframes
	order  *interleaver // nil for a single track

	wrote  bool // header written
	l      layout
	off    int64 // bytes handed to out
	cl     cluster
	cues   []webm.CuePoint
	lastMs int64 // time of the last block written
	endMs  int64 // end of the last block written
	err    error // the first write error, returned from then on
	closed bool
	st     Stats
}

// Create creates the file at path and a Writer of tracks to it. Name it
// ".webm" when every track is VP8, VP9 or Opus, ".mkv" when one is H.264:
// the DocType, "webm" or "matroska", follows the codecs. Nothing is
// written until the first block, so Create costs an open.
func Create(path string, tracks []Track, o Options) (*Writer, error) {
	ts, err := newTracks(tracks)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err // *PathError names the file
	}
	w := newWriter(f, path, ts, o)
	w.file = f
	return w, nil
}

// New is Create for an Output the caller opened and closes; name is used
// in errors.
func New(out Output, name string, tracks []Track, o Options) (*Writer, error) {
	ts, err := newTracks(tracks)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", name, err)
	}
	return newWriter(out, name, ts, o), nil
}

func newWriter(out Output, name string, ts []track, o Options) *Writer {
	o.defaults()
	w := &Writer{name: name, out: out, o: o, tracks: ts, lastMs: 0}
	for i := range ts {
		w.video = w.video || ts[i].video
	}
	if len(ts) > 1 {
		w.order = newInterleaver(len(ts), o.Interleave.Milliseconds())
	}
	return w
}

// Write adds a block to track (an index into Create's tracks) at media
// time at since the file's start. data is a VP8 or VP9 frame, an Opus
// packet or an H.264 access unit in Annex-B form; the writer copies it.
// key marks keyframes. A write error is returned, naming the file, by this
// Write and every later one; the file keeps what was written before it.
func (w *Writer) Write(track int, at time.Duration, key bool, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.closed:
		return fmt.Errorf("write %s: %w", w.name, ErrClosed)
	case w.err != nil:
		return w.err
	case track < 0 || track >= len(w.tracks):
		return fmt.Errorf("write %s: %w: %d of %d", w.name, ErrTrack, track, len(w.tracks))
	case len(data) == 0:
		w.st.Dropped++
		return nil
	}
	t := &w.tracks[track]
	if !w.wrote {
		t.learn(key, data)
	}
	ms := (at + time.Millisecond/2).Milliseconds()
	if w.order == nil {
		return w.emit(t, ms, key, data)
	}
	w.order.push(track, ms, key, data)
	for {
		b, ok := w.order.pop(false)
		if !ok {
			return nil
		}
		err := w.emit(&w.tracks[b.track], b.ms, b.key, b.data)
		w.order.release(b)
		if err != nil {
			return err
		}
	}
}

// emit puts a block in the current cluster, after writing the header or
// the previous cluster when it is due.
func (w *Writer) emit(t *track, ms int64, key bool, data []byte) error {
	if !w.wrote {
		if err := w.writeHeader(); err != nil {
			return err
		}
	}
	if ms < w.lastMs {
		// Too late to keep the file in time order. A lost audio packet is
		// concealed by the decoder; a lost video frame would break the
		// frames that refer to it, so video is written late instead.
		if !t.video {
			w.st.Dropped++
			return nil
		}
		ms = max(w.lastMs, t.lastMs+1)
		w.st.Clamped++
	}
	start := !w.cl.open() || ms-w.cl.ms >= w.o.ClusterInterval.Milliseconds() || t.video && key
	if start {
		if err := w.flush(); err != nil {
			return err
		}
		w.cl.begin(ms)
		if t.video && key || !w.video {
			w.cues = append(w.cues, webm.CuePoint{CueTime: uint64(ms), CueTrackPositions: []webm.CueTrackPosition{{
				CueTrack: t.number, CueClusterPosition: uint64(w.off - w.l.segData),
			}}})
		}
	}
	if !w.cl.add(t, ms, key, data) {
		w.st.Dropped++
		return nil
	}
	if t.lastMs >= 0 && ms > t.lastMs && ms-t.lastMs <= 250 {
		t.frameMs = ms - t.lastMs
	}
	t.lastMs, w.lastMs = ms, ms
	w.endMs = max(w.endMs, ms+t.frameMs)
	w.st.Blocks++
	return nil
}

// writeHeader writes everything before the first cluster.
func (w *Writer) writeHeader() error {
	b, l, err := header(w.tracks)
	if err != nil {
		w.err = fmt.Errorf("write %s: %w", w.name, err)
		return w.err
	}
	w.wrote, w.l = true, l
	return w.append(b)
}

// flush writes the current cluster, if any, in one write.
func (w *Writer) flush() error {
	if !w.cl.open() {
		return nil
	}
	b := w.cl.finish()
	if err := w.append(b); err != nil {
		return err
	}
	if s, ok := w.out.(interface{ Sync() error }); ok && w.o.Sync {
		if err := s.Sync(); err != nil {
			w.err = fmt.Errorf("sync %s: %w", w.name, err)
			return w.err
		}
	}
	return nil
}

// append writes b at the end of the file. A short write is cut back, when
// the Output can be truncated, so that the file ends after a whole element.
func (w *Writer) append(b []byte) error {
	off, err := appendfile.Append(w.out, w.off, b)
	if err != nil {
		w.err = fmt.Errorf("write %s: %w", w.name, err)
		return w.err
	}
	w.off = off
	w.st.Bytes = w.off
	return nil
}

// Flush writes the current cluster now rather than when the next block
// is due to start one. Clusters are otherwise written as blocks come, so
// a caller whose tracks have all paused may call it, from a ticker, to
// put what it received on disk. Blocks held for ordering stay held.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.closed:
		return fmt.Errorf("flush %s: %w", w.name, ErrClosed)
	case w.err != nil:
		return w.err
	}
	return w.flush()
}

// Stats returns what the writer has done so far.
func (w *Writer) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	st := w.st
	st.Duration = time.Duration(w.endMs) * time.Millisecond
	return st
}

// Close writes the blocks still held, then the Cues, the Duration and the
// segment's size, and closes the file when Create opened it. After a
// write error it writes nothing more, leaving the file as it was, and
// returns that error. Closing twice does nothing.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	err := w.err
	if err == nil {
		err = w.finish()
	}
	if w.file != nil {
		if serr := w.file.Sync(); serr != nil && err == nil && w.err == nil {
			err = fmt.Errorf("sync %s: %w", w.name, serr)
		}
		if cerr := w.file.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	return err
}

// finish writes what Close adds to a file that had no write error.
func (w *Writer) finish() error {
	if w.order != nil {
		for {
			b, ok := w.order.pop(true)
			if !ok {
				break
			}
			err := w.emit(&w.tracks[b.track], b.ms, b.key, b.data)
			w.order.release(b)
			if err != nil {
				return err
			}
		}
	}
	if !w.wrote {
		if err := w.writeHeader(); err != nil {
			return err
		}
	}
	if w.st.Blocks == 0 {
		w.cl.begin(0) // players want a cluster, even an empty one
	}
	if err := w.flush(); err != nil {
		return err
	}
	cuesAt := int64(-1)
	if len(w.cues) > 0 {
		c, err := cues(w.cues)
		if err != nil {
			return fmt.Errorf("write %s: %w", w.name, err)
		}
		cuesAt = w.off - w.l.segData
		if err := w.append(c); err != nil {
			return err
		}
	}
	sh, err := seekHead(w.l, cuesAt)
	if err != nil {
		return fmt.Errorf("write %s: %w", w.name, err)
	}
	patches := []struct {
		b   []byte
		off int64
	}{
		{sh, w.l.segData},
		{durationElement(float64(w.endMs)), w.l.duration},
		{sizeVint8(w.off - w.l.segData), w.l.segData - 8},
	}
	for _, p := range patches {
		if _, err := w.out.WriteAt(p.b, p.off); err != nil {
			w.err = fmt.Errorf("finish %s: %w", w.name, err)
			return w.err
		}
	}
	return nil
}
