package sample

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Options tune Open and the Players of the file.
type Options struct {
	// FPS is the frame rate of an H.264 stream whose SPS carries no timing
	// information; 0 means 30. IVF and Ogg carry their own timing.
	FPS int
	// Loop makes Players restart at the end of the file.
	Loop bool
}

// Sample is one encoded frame (video) or packet (audio).
type Sample struct {
	// Data is the encoded frame: a VP8 or VP9 frame, an Opus packet, or an
	// H.264 access unit in Annex-B form (start codes included). A Player
	// reuses it: it is valid only until the Writer returns.
	Data []byte
	// Duration is the media time until the next sample.
	Duration time.Duration
	// Key is true for keyframes and for every Opus packet.
	Key bool
	// Skipped is the media time that a Player did not send just before
	// this sample because the track was muted. A Writer that derives RTP
	// timestamps from durations adds it to keep them in step with media
	// time (for example with media.Sample.Timestamp); 0 otherwise.
	Skipped time.Duration
}

// File is an indexed media file. Its index is read-only after Open, so
// several Players may share one File; Close it after they have stopped.
type File struct {
	path string
	r    *os.File
	loop bool
	idx  *index
}

// maxFrame bounds one frame or packet; real ones are far smaller.
const maxFrame = 64 << 20

// span is a byte range of the file.
type span struct {
	off int64
	n   int
}

// entry locates one sample. Most samples are the contiguous span. Ogg
// packets that cross pages, and H.264 IDR access units that borrow earlier
// parameter sets, list their pieces in parts; span then holds the first
// piece's offset and the total length.
type entry struct {
	span
	parts []span
	dur   time.Duration
	key   bool
}

// index is what Open learns about a file.
type index struct {
	codec         string
	width, height int
	fps           float64
	entries       []entry
	total         time.Duration
}

// Open indexes the IVF, Ogg/Opus or H.264 Annex-B file at path, chosen by
// its first bytes. Errors name the file and wrap ErrFormat, ErrTruncated,
// ErrUnsupportedCodec or ErrNoKeyframe.
func Open(path string, o Options) (*File, error) {
	r, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError names the file
	}
	st, err := r.Stat()
	if err != nil {
		r.Close()
		return nil, err
	}
	idx, err := parse(r, st.Size(), o)
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("file %q: %w", path, err)
	}
	return &File{path: path, r: r, loop: o.Loop, idx: idx}, nil
}

// parse detects the format by its magic bytes and indexes the file.
func parse(r io.ReaderAt, size int64, o Options) (*index, error) {
	if size == 0 {
		return nil, fmt.Errorf("%w: the file is empty", ErrTruncated)
	}
	var magic [4]byte
	n, err := r.ReadAt(magic[:], 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	var idx *index
	switch {
	case n == 4 && string(magic[:]) == "DKIF":
		idx, err = indexIVF(r, size)
	case n == 4 && string(magic[:]) == "OggS":
		idx, err = indexOgg(r, size)
	case isAnnexB(magic[:n]):
		idx, err = indexH264(r, size, o.FPS)
	default:
		return nil, ErrFormat
	}
	if err != nil {
		return nil, err
	}
	if len(idx.entries) == 0 {
		return nil, fmt.Errorf("%w: no frames", ErrTruncated)
	}
	if !idx.entries[0].key {
		return nil, ErrNoKeyframe
	}
	for _, e := range idx.entries {
		idx.total += e.dur
	}
	return idx, nil
}

// Codec names the codec as lkbot does: "vp8", "vp9", "h264" or "opus".
func (f *File) Codec() string { return f.idx.codec }

// Kind is "audio" for Opus and "video" otherwise.
func (f *File) Kind() string {
	if f.idx.codec == "opus" {
		return "audio"
	}
	return "video"
}

// Size is the picture size from the IVF header or the H.264 SPS; 0, 0 for
// audio or when the SPS could not be read.
func (f *File) Size() (w, h int) { return f.idx.width, f.idx.height }

// FPS is the nominal frame rate; 0 for audio.
func (f *File) FPS() float64 { return f.idx.fps }

// Len is the number of samples in the file.
func (f *File) Len() int { return len(f.idx.entries) }

// Duration is the media time of one pass through the file.
func (f *File) Duration() time.Duration { return f.idx.total }

// Path is the name the file was opened with.
func (f *File) Path() string { return f.path }

// Close closes the file; Players of it must have stopped.
func (f *File) Close() error { return f.r.Close() }

// ReadSample reads sample i (0 <= i < Len), into buf when it is large
// enough.
func (f *File) ReadSample(i int, buf []byte) (Sample, error) {
	return readSample(f.r, f.idx, i, buf)
}

func readSample(r io.ReaderAt, idx *index, i int, buf []byte) (Sample, error) {
	if i < 0 || i >= len(idx.entries) {
		return Sample{}, fmt.Errorf("sample %d of %d", i, len(idx.entries))
	}
	e := &idx.entries[i]
	if cap(buf) < e.n {
		buf = make([]byte, e.n)
	}
	buf = buf[:e.n]
	parts := e.parts
	if parts == nil {
		parts = []span{e.span}
	}
	at := 0
	for _, p := range parts {
		if p.n == 0 {
			continue // ReadAt may report EOF for nothing at the end
		}
		if _, err := r.ReadAt(buf[at:at+p.n], p.off); err != nil {
			return Sample{}, fmt.Errorf("read sample %d at offset %d: %w", i, p.off, err)
		}
		at += p.n
	}
	return Sample{Data: buf, Duration: e.dur, Key: e.key}, nil
}
