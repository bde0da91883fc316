package record

import (
	"path/filepath"
	"strings"
	"time"

	"github.com/lkbot/lkbot/record/oggopus"
	"github.com/lkbot/lkbot/record/reception"
	"github.com/lkbot/lkbot/record/webm"
)

// mediaFile is one open recording: blocks go in at their media time since
// the file's start.
type mediaFile interface {
	Write(at time.Duration, key bool, data []byte) error
	// Flush writes out what is buffered, for a track that paused.
	Flush() error
	Close() error
}

// codecOf is lkbot's name for a MIME type: vp8, vp9, h264 or opus.
func codecOf(mimeType string) string {
	_, sub, _ := strings.Cut(strings.ToLower(mimeType), "/")
	return sub
}

// extension is the file type a codec is written in: WebM for VP8 and
// VP9, Matroska for H.264, Ogg (or WebM, as audioFormat says) for Opus.
func extension(codec, audioFormat string) string {
	switch {
	case codec == "h264":
		return ".mkv"
	case codec == "opus" && audioFormat != "webm":
		return ".ogg"
	}
	return ".webm"
}

// fileCreator opens a track's file; Recorder.create is createFile but in
// tests that need a failing disk.
type fileCreator func(path, codec string, first reception.Frame) (mediaFile, error)

// createFile opens path for a track whose first frame is first.
func createFile(path, codec string, first reception.Frame) (mediaFile, error) {
	if filepath.Ext(path) == ".ogg" {
		// Sync: every page and cluster reaches the disk, not only the OS,
		// so that a power cut loses at most the last second or two.
		w, err := oggopus.Create(path, 2, oggopus.Options{Sync: true})
		if err != nil {
			return nil, err
		}
		return oggFile{w}, nil
	}
	// H.264's CodecPrivate comes from the first keyframe's SPS and PPS,
	// which the writer reads itself.
	track := webm.Track{Codec: codec, Width: first.Width, Height: first.Height}
	w, err := webm.Create(path, []webm.Track{track}, webm.Options{Sync: true})
	if err != nil {
		return nil, err
	}
	return webmFile{w}, nil
}

type oggFile struct{ w *oggopus.Writer }

func (f oggFile) Write(at time.Duration, _ bool, data []byte) error { return f.w.Write(at, data) }
func (f oggFile) Flush() error                                      { return f.w.Flush() }
func (f oggFile) Close() error                                      { return f.w.Close() }

type webmFile struct{ w *webm.Writer }

func (f webmFile) Write(at time.Duration, key bool, data []byte) error {
	return f.w.Write(0, at, key, data)
}
func (f webmFile) Flush() error { return f.w.Flush() }
func (f webmFile) Close() error { return f.w.Close() }
