package file

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sync"
	"time"

	"github.com/lkbot/lkbot/media/sourceend"
)

// OutputRate is the sample rate AudioSource produces: Opus's 48 kHz.
const OutputRate = 48000

// readFrames is how many WAV frames one file read decodes at most.
const readFrames = 4096

// AudioOptions say how an audio file plays.
type AudioOptions struct {
	// Loop starts the file again from its first sample after its last.
	Loop bool
}

// AudioSource plays a WAV file as an encode.SampleSource: 48 kHz mono,
// the mean of the file's channels, resampled from the file's rate. It
// reads the file as it plays. Its methods are safe for concurrent use.
type AudioSource struct {
	path string
	loop bool
	info wavInfo
	end  sourceend.End

	mu   sync.Mutex
	r    io.ReaderAt
	file io.Closer // nil once closed
	res  *resampler
	// next is the next frame of the data chunk to read.
	next int64
	raw  []byte
	mono []float32
	out  []float32
	// produced counts output samples; without Loop the file ends after
	// total of them.
	produced, total int64
}

// OpenAudio opens a WAV file of PCM (8, 16, 24 or 32 bits) or float
// samples at any rate, with any number of channels. Errors name the file
// and what is wrong.
func OpenAudio(path string, o AudioOptions) (*AudioSource, error) {
	format, err := Detect(path)
	if err != nil {
		return nil, err
	}
	if format != FormatWAV {
		return nil, named(path, fmt.Errorf("%w: %s is not wav; OpenAudio reads wav", ErrFormat, format))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	info, err := parseWAV(f, st.Size())
	if err != nil {
		f.Close()
		return nil, named(path, err)
	}
	return newAudioSource(path, f, f, info, o), nil
}

// newAudioSource plays the WAV data that info describes, read through r;
// Close closes f.
func newAudioSource(path string, r io.ReaderAt, f io.Closer, info wavInfo, o AudioOptions) *AudioSource {
	a := &AudioSource{
		path: path, loop: o.Loop, info: info, r: r, file: f,
		raw:  make([]byte, readFrames*info.blockAlign),
		mono: make([]float32, readFrames),
	}
	a.res = newResampler(info.rate, OutputRate, a.pull)
	a.total = a.res.outputLen(info.frames)
	return a
}

// SampleRate returns the file's sample rate; Next produces OutputRate.
func (a *AudioSource) SampleRate() int { return a.info.rate }

// Channels returns the file's channel count; Next produces their mean.
func (a *AudioSource) Channels() int { return a.info.channels }

// Duration returns how long the file plays once.
func (a *AudioSource) Duration() time.Duration {
	return time.Duration(a.info.frames * int64(time.Second) / int64(a.info.rate))
}

// Done is closed when a file without Loop has played to its end, when
// reading fails (Err says why), or when the source is closed.
func (a *AudioSource) Done() <-chan struct{} { return a.end.Done() }

// Err returns why playback stopped early, or nil.
func (a *AudioSource) Err() error { return a.end.Err() }

// Close closes the file and Done; Next then gives silence.
func (a *AudioSource) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.end.Finish(nil)
	return closeFile(&a.file)
}

// Next fills dst with the next len(dst) samples of 48 kHz mono. After the
// end of a file without Loop, or a read error, it gives silence.
func (a *AudioSource) Next(dst []int16) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.end.Ended() {
		clear(dst)
		return
	}
	if cap(a.out) < len(dst) {
		a.out = make([]float32, len(dst))
	}
	out := a.out[:len(dst)]
	a.res.read(out)
	n := len(out)
	if !a.loop {
		n = int(min(int64(n), max(0, a.total-a.produced)))
	}
	if a.end.Ended() { // a read error during this call
		n = 0
	}
	for i, v := range out[:n] {
		dst[i] = int16(math.Round(float64(max(-1, min(1, v)) * math.MaxInt16)))
	}
	clear(dst[n:])
	a.produced += int64(len(out))
	if !a.loop && a.produced >= a.total {
		a.end.Finish(nil)
	}
}

// pull feeds the resampler mono input from the file: silence after the
// end without Loop, the first frame again after the last with it.
func (a *AudioSource) pull(dst []float32) {
	for len(dst) > 0 {
		if a.next >= a.info.frames {
			if !a.loop || a.end.Ended() {
				clear(dst)
				return
			}
			a.next = 0
		}
		n := int(min(int64(len(dst)), int64(readFrames), a.info.frames-a.next))
		if err := a.readFrames(dst[:n]); err != nil {
			a.end.Finish(named(a.path, err))
			clear(dst)
			return
		}
		dst = dst[n:]
	}
}

// readFrames reads and decodes len(dst) frames at a.next.
func (a *AudioSource) readFrames(dst []float32) error {
	raw := a.raw[:len(dst)*a.info.blockAlign]
	off := a.info.dataOff + a.next*int64(a.info.blockAlign)
	got, err := a.r.ReadAt(raw, off)
	if got < len(raw) {
		if err == nil || errors.Is(err, io.EOF) {
			return fmt.Errorf("%w: wav frame %d is past the end: the file is shorter than when it was opened", ErrTruncated, a.next+int64(got/a.info.blockAlign))
		}
		return fmt.Errorf("read wav frame %d: %w", a.next, err)
	}
	a.info.decodeMono(dst, raw)
	a.next += int64(len(dst))
	return nil
}
