package file

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
)

// Format is a kind of media file lkbot can publish.
type Format int

// The formats Detect recognises.
const (
	FormatUnknown Format = iota
	FormatY4M
	FormatWAV
	FormatPNG
	FormatJPEG
	FormatIVF
	FormatOgg
	FormatH264
)

// String names the format as its usual file extension.
func (f Format) String() string {
	switch f {
	case FormatY4M:
		return "y4m"
	case FormatWAV:
		return "wav"
	case FormatPNG:
		return "png"
	case FormatJPEG:
		return "jpeg"
	case FormatIVF:
		return "ivf"
	case FormatOgg:
		return "ogg"
	case FormatH264:
		return "h264"
	}
	return "unknown"
}

// Encoded reports whether the file holds compressed frames that are sent
// as samples (by media/sample) rather than through lkbot's encoders.
func (f Format) Encoded() bool {
	return f == FormatIVF || f == FormatOgg || f == FormatH264
}

// Video reports whether the format is a picture or video track.
func (f Format) Video() bool {
	switch f {
	case FormatY4M, FormatPNG, FormatJPEG, FormatIVF, FormatH264:
		return true
	}
	return false
}

// magicLen is how many leading bytes Detect reads.
const magicLen = 12

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// Detect reads the first bytes of path and names its format by its magic
// bytes. A file it does not recognise gives an error wrapping ErrFormat
// that names the file.
func Detect(path string) (Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return FormatUnknown, err
	}
	defer f.Close()
	head := make([]byte, magicLen)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return FormatUnknown, fmt.Errorf("file %q: %w", path, err)
	}
	format := detect(head[:n])
	if format == FormatUnknown {
		return format, named(path, unknownError(head[:n]))
	}
	return format, nil
}

// detect names the format that a file starting with head is in.
func detect(head []byte) Format {
	switch {
	case bytes.HasPrefix(head, []byte(y4mMagic)):
		return FormatY4M
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WAVE":
		return FormatWAV
	case bytes.HasPrefix(head, pngMagic):
		return FormatPNG
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return FormatJPEG
	case bytes.HasPrefix(head, []byte("DKIF")):
		return FormatIVF
	case bytes.HasPrefix(head, []byte("OggS")):
		return FormatOgg
	case bytes.HasPrefix(head, []byte{0, 0, 1}), bytes.HasPrefix(head, []byte{0, 0, 0, 1}):
		return FormatH264
	}
	return FormatUnknown
}

// unknownError says what the file starts with and what lkbot reads, and
// for a common container how to convert it.
func unknownError(head []byte) error {
	if len(head) == 0 {
		return fmt.Errorf("%w: the file is empty", ErrFormat)
	}
	const reads = "lkbot reads y4m, wav, png, jpeg, ivf, ogg and h264 (Annex B)"
	if name := containerName(head); name != "" {
		return fmt.Errorf("%w: it is %s; %s: convert it with ffmpeg, e.g. ffmpeg -i in -pix_fmt yuv420p out.y4m, or ffmpeg -i in -c:a pcm_s16le out.wav",
			ErrFormat, name, reads)
	}
	return fmt.Errorf("%w: it starts with %s; %s", ErrFormat, hex.EncodeToString(head[:min(len(head), 8)]), reads)
}

// containerName names common media formats lkbot does not read.
func containerName(head []byte) string {
	switch {
	case len(head) >= 8 && string(head[4:8]) == "ftyp":
		return "MP4 or QuickTime"
	case bytes.HasPrefix(head, []byte{0x1A, 0x45, 0xDF, 0xA3}):
		return "Matroska or WebM"
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "AVI ":
		return "AVI"
	case bytes.HasPrefix(head, []byte("ID3")), len(head) >= 2 && head[0] == 0xFF && head[1]&0xE0 == 0xE0:
		return "MP3"
	case bytes.HasPrefix(head, []byte("fLaC")):
		return "FLAC"
	case bytes.HasPrefix(head, []byte("GIF8")):
		return "GIF"
	}
	return ""
}
