package file

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// WAV format tags lkbot reads.
const (
	wavPCM        = 1
	wavFloat      = 3
	wavExtensible = 0xFFFE
)

// maxChannels bounds a WAV file's channel count.
const maxChannels = 64

// wavInfo is what a WAV header says that lkbot uses.
type wavInfo struct {
	format     int // wavPCM or wavFloat, the subformat of an extensible file
	channels   int
	rate       int
	bits       int   // bits per sample as stored (the container size)
	blockAlign int   // bytes per frame: one sample of every channel
	dataOff    int64 // where the samples start
	frames     int64 // how many frames the data chunk holds
}

// parseWAV reads the RIFF/WAVE header of a file of size bytes through r:
// the fmt chunk and the position and length of the data chunk.
func parseWAV(r io.ReaderAt, size int64) (wavInfo, error) {
	var head [12]byte
	if n, _ := r.ReadAt(head[:], 0); n < len(head) {
		if n >= 4 && string(head[:4]) == "RIFF" {
			return wavInfo{}, fmt.Errorf("%w: the wav header is cut off after %d bytes", ErrTruncated, n)
		}
		return wavInfo{}, fmt.Errorf("%w: not a wav file: it does not start with RIFF....WAVE", ErrFormat)
	}
	if string(head[:4]) != "RIFF" || string(head[8:]) != "WAVE" {
		return wavInfo{}, fmt.Errorf("%w: not a wav file: it does not start with RIFF....WAVE", ErrFormat)
	}
	var w wavInfo
	haveFmt := false
	for off := int64(12); ; {
		var ch [8]byte
		if n, _ := r.ReadAt(ch[:], off); n < len(ch) {
			if !haveFmt {
				return wavInfo{}, fmt.Errorf("%w: the wav file ends before its fmt chunk", ErrTruncated)
			}
			return wavInfo{}, fmt.Errorf("%w: the wav file ends before its data chunk", ErrTruncated)
		}
		id, n := string(ch[:4]), int64(binary.LittleEndian.Uint32(ch[4:]))
		body := off + 8
		switch id {
		case "fmt ":
			if err := w.parseFmt(r, body, n); err != nil {
				return wavInfo{}, err
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return wavInfo{}, fmt.Errorf("%w: the wav data chunk comes before its fmt chunk", ErrFormat)
			}
			return w, w.setData(body, n, size)
		}
		off = body + n + n&1 // chunks are padded to even lengths
	}
}

// parseFmt reads and checks the fmt chunk of n bytes at off.
func (w *wavInfo) parseFmt(r io.ReaderAt, off, n int64) error {
	if n < 16 {
		return fmt.Errorf("%w: the wav fmt chunk has %d bytes, fewer than 16", ErrFormat, n)
	}
	var b [40]byte
	got, _ := r.ReadAt(b[:min(n, 40)], off)
	if int64(got) < min(n, 40) {
		return fmt.Errorf("%w: the wav fmt chunk is cut off", ErrTruncated)
	}
	le := binary.LittleEndian
	w.format = int(le.Uint16(b[0:]))
	w.channels = int(le.Uint16(b[2:]))
	w.rate = int(le.Uint32(b[4:]))
	w.blockAlign = int(le.Uint16(b[12:]))
	w.bits = int(le.Uint16(b[14:]))
	if w.format == wavExtensible {
		if n < 40 {
			return fmt.Errorf("%w: the wav fmt chunk is WAVE_FORMAT_EXTENSIBLE but has %d bytes, fewer than 40", ErrFormat, n)
		}
		// The subformat GUID starts with the format tag.
		w.format = int(le.Uint16(b[24:]))
	}
	return w.check()
}

// check rejects what the decoder cannot play, saying how to convert it.
func (w *wavInfo) check() error {
	const convert = "convert with ffmpeg -i in.wav -c:a pcm_s16le out.wav"
	switch {
	case w.format != wavPCM && w.format != wavFloat:
		return fmt.Errorf("%w: wav format tag %d (%s): lkbot reads PCM and float; %s", ErrUnsupported, w.format, formatTagName(w.format), convert)
	case w.format == wavPCM && w.bits != 8 && w.bits != 16 && w.bits != 24 && w.bits != 32:
		return fmt.Errorf("%w: %d-bit wav PCM: lkbot reads 8, 16, 24 and 32 bits; %s", ErrUnsupported, w.bits, convert)
	case w.format == wavFloat && w.bits != 32 && w.bits != 64:
		return fmt.Errorf("%w: %d-bit wav float: lkbot reads 32 and 64 bits; %s", ErrUnsupported, w.bits, convert)
	case w.channels < 1 || w.channels > maxChannels:
		return fmt.Errorf("%w: wav with %d channels: lkbot reads 1 to %d", ErrUnsupported, w.channels, maxChannels)
	case w.rate < 1000 || w.rate > 768000:
		return fmt.Errorf("%w: wav at %d Hz: lkbot reads 1000 to 768000 Hz", ErrUnsupported, w.rate)
	case w.blockAlign < w.channels*w.bits/8:
		return fmt.Errorf("%w: wav block align %d is less than %d channels of %d bits", ErrFormat, w.blockAlign, w.channels, w.bits)
	}
	return nil
}

func formatTagName(tag int) string {
	switch tag {
	case 2:
		return "Microsoft ADPCM"
	case 6:
		return "A-law"
	case 7:
		return "µ-law"
	case 0x11:
		return "IMA ADPCM"
	case 0x55:
		return "MP3"
	}
	return "not PCM"
}

// setData records the data chunk of n bytes at off, in a file of size
// bytes. A size of 0xFFFFFFFF, which streaming writers leave when they
// cannot seek back, means "to the end of the file".
func (w *wavInfo) setData(off, n, size int64) error {
	if n == math.MaxUint32 {
		n = max(0, size-off)
	}
	if off+n > size {
		return fmt.Errorf("%w: wav data has %d of %d bytes", ErrTruncated, max(0, size-off), n)
	}
	w.dataOff, w.frames = off, n/int64(w.blockAlign)
	if w.frames == 0 {
		return fmt.Errorf("%w: the wav data chunk holds no samples", ErrTruncated)
	}
	return nil
}

// decodeMono converts frames of interleaved samples in src into dst,
// one mean of all channels per frame, scaled to [-1, 1].
func (w *wavInfo) decodeMono(dst []float32, src []byte) {
	bps := w.bits / 8
	scale := 1 / float32(w.channels)
	for i := range dst {
		frame := src[i*w.blockAlign:]
		var sum float32
		for c := range w.channels {
			sum += w.sample(frame[c*bps:][:bps])
		}
		dst[i] = sum * scale
	}
}

// sample decodes one sample.
func (w *wavInfo) sample(b []byte) float32 {
	le := binary.LittleEndian
	switch {
	case w.format == wavFloat && w.bits == 32:
		return finite(math.Float32frombits(le.Uint32(b)))
	case w.format == wavFloat:
		return finite(float32(math.Float64frombits(le.Uint64(b))))
	case w.bits == 8:
		return (float32(b[0]) - 128) / 128
	case w.bits == 16:
		return float32(int16(le.Uint16(b))) / (1 << 15)
	case w.bits == 24:
		v := int32(uint32(b[0])<<8|uint32(b[1])<<16|uint32(b[2])<<24) >> 8
		return float32(v) / (1 << 23)
	}
	return float32(int32(le.Uint32(b))) / (1 << 31)
}

// finite maps NaN and infinities, which a corrupt float file may hold, to
// silence and clips the rest to [-1, 1].
func finite(v float32) float32 {
	if v != v || v > math.MaxFloat32 || v < -math.MaxFloat32 {
		return 0
	}
	return max(-1, min(1, v))
}
