package file

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// sineWAV makes a wav of ffmpeg's 1 kHz sine, whose amplitude is 1/8 of
// full scale, with the given codec, rate and channels.
func sineWAV(t *testing.T, dir, codec string, rate, channels int, seconds string, extra ...string) string {
	t.Helper()
	name := fmt.Sprintf("%s-%d-%d.wav", codec, rate, channels)
	args := []string{"-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=1000:sample_rate=%d", rate), "-t", seconds,
		"-ac", fmt.Sprint(channels), "-c:a", codec}
	return ffmpeg(t, dir, name, append(args, extra...)...)
}

func openAudio(t *testing.T, path string, o AudioOptions) *AudioSource {
	t.Helper()
	a, err := OpenAudio(path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// play reads seconds of output from a in 20 ms buffers.
func play(a *AudioSource, seconds float64) []int16 {
	out := make([]int16, 0, int(seconds*OutputRate))
	buf := make([]int16, 960)
	for len(out)+len(buf) <= cap(out) {
		a.Next(buf)
		out = append(out, buf...)
	}
	return out
}

func floats(x []int16) []float64 {
	f := make([]float64, len(x))
	for i, v := range x {
		f[i] = float64(v) / 32768
	}
	return f
}

func TestWAVFormatsPlayTheTone(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		codec      string
		rate, ch   int
		extra      []string
		extensible bool
	}{
		{"pcm_s16le", 44100, 2, nil, false},
		{"pcm_s16le", 16000, 1, nil, false},
		{"pcm_s16le", 48000, 1, nil, false},
		{"pcm_u8", 22050, 1, nil, false},
		{"pcm_s24le", 44100, 2, nil, true},
		{"pcm_s32le", 32000, 2, nil, true},
		{"pcm_f32le", 44100, 2, nil, true},
		{"pcm_f64le", 8000, 1, nil, true},
		{"pcm_f32le", 48000, 1, nil, true}, // ffmpeg writes float as extensible; see TestWAVSampleCoding
		{"pcm_s16le", 44100, 6, nil, true}, // 5.1
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d/%dch", tt.codec, tt.rate, tt.ch), func(t *testing.T) {
			path := sineWAV(t, dir, tt.codec, tt.rate, tt.ch, "1.5", tt.extra...)
			a := openAudio(t, path, AudioOptions{})
			if got := formatTag(t, path) == wavExtensible; got != tt.extensible {
				t.Fatalf("ffmpeg wrote WAVE_FORMAT_EXTENSIBLE: %v, want %v", got, tt.extensible)
			}
			if a.SampleRate() != tt.rate || a.Channels() != tt.ch || a.Duration() != 1500*time.Millisecond {
				t.Fatalf("SampleRate, Channels, Duration = %d, %d, %v", a.SampleRate(), a.Channels(), a.Duration())
			}
			x := floats(play(a, 1.2)[4800:])
			freq, rms := toneOf(x, OutputRate)
			want := meanRMS(t, dir, path, tt.ch)
			// 8-bit samples quantise coarsely: the level is then less exact.
			tol := 0.1
			if tt.codec == "pcm_u8" {
				tol = 0.5
			}
			if math.Abs(freq-1000) > 0.1 || math.Abs(db(rms/want)) > tol {
				t.Fatalf("tone at %.3f Hz, %.2f dB from the mean of ffmpeg's decoded channels; want 1000 Hz, within %.1f dB", freq, db(rms/want), tol)
			}
		})
	}
}

// meanRMS decodes a wav file with ffmpeg and returns the RMS of the mean
// of its channels, the level lkbot's downmix must have.
func meanRMS(t *testing.T, dir, path string, channels int) float64 {
	t.Helper()
	raw, err := os.ReadFile(ffmpeg(t, dir, "ref.f32", "-i", path, "-f", "f32le", "-c:a", "pcm_f32le"))
	if err != nil {
		t.Fatal(err)
	}
	frames := len(raw) / 4 / channels
	var sum float64
	for i := range frames {
		var m float64
		for c := range channels {
			m += float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*(i*channels+c):])))
		}
		m /= float64(channels)
		sum += m * m
	}
	return math.Sqrt(sum / float64(frames))
}

// formatTag returns the format tag of a wav file's fmt chunk, which
// ffmpeg writes first.
func formatTag(t *testing.T, path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(b), "fmt ")
	return int(binary.LittleEndian.Uint16(b[i+8:]))
}

func TestWAVAt48kHzIsExact(t *testing.T) {
	dir := t.TempDir()
	path := sineWAV(t, dir, "pcm_s16le", 48000, 1, "0.5")
	raw := ffmpeg(t, dir, "raw.s16", "-i", path, "-f", "s16le", "-c:a", "pcm_s16le")
	want, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	got := play(openAudio(t, path, AudioOptions{}), 0.4)
	for i, v := range got {
		if w := int16(binary.LittleEndian.Uint16(want[2*i:])); v != w {
			t.Fatalf("sample %d: %d, want %d", i, v, w)
		}
	}
}

func TestWAVEndsWithoutLoop(t *testing.T) {
	path := sineWAV(t, t.TempDir(), "pcm_s16le", 44100, 1, "0.1")
	a := openAudio(t, path, AudioOptions{})
	buf := make([]int16, 960)
	for range 4 { // 80 ms of 100
		a.Next(buf)
	}
	if isClosed(a.Done(), 0) {
		t.Fatal("Done closed before the end")
	}
	a.Next(buf) // 80 to 100 ms
	if !isClosed(a.Done(), time.Second) || a.Err() != nil {
		t.Fatalf("at the end: Done closed %v, Err %v", isClosed(a.Done(), 0), a.Err())
	}
	for i := range buf {
		buf[i] = 1
	}
	a.Next(buf)
	for i, v := range buf {
		if v != 0 {
			t.Fatalf("after the end, sample %d is %d, want silence", i, v)
		}
	}
}

func TestWAVLoops(t *testing.T) {
	path := sineWAV(t, t.TempDir(), "pcm_s16le", 16000, 1, "0.1")
	a := openAudio(t, path, AudioOptions{Loop: true})
	x := floats(play(a, 0.5))
	// Three loops later the tone is still there, at its level.
	_, rms := toneOf(x[len(x)-4800:], OutputRate)
	if isClosed(a.Done(), 0) || math.Abs(db(rms/(0.125/math.Sqrt2))) > 0.5 {
		t.Fatalf("looping: Done closed %v, level %.2f dB from the tone's", isClosed(a.Done(), 0), db(rms/(0.125/math.Sqrt2)))
	}
	if err := a.Close(); err != nil || !isClosed(a.Done(), 0) {
		t.Fatalf("Close: %v, Done closed %v", err, isClosed(a.Done(), 0))
	}
	buf := []int16{5}
	a.Next(buf)
	if buf[0] != 0 {
		t.Fatal("Next after Close is not silent")
	}
}

// wavBytes builds a wav header with the given fmt fields and data size,
// followed by body.
func wavBytes(tag, channels, rate, bits int, dataSize uint32, body []byte) []byte {
	le := binary.LittleEndian
	b := []byte("RIFF\x00\x00\x00\x00WAVEfmt \x10\x00\x00\x00")
	b = le.AppendUint16(b, uint16(tag))
	b = le.AppendUint16(b, uint16(channels))
	b = le.AppendUint32(b, uint32(rate))
	b = le.AppendUint32(b, uint32(rate*channels*bits/8))
	b = le.AppendUint16(b, uint16(channels*bits/8))
	b = le.AppendUint16(b, uint16(bits))
	b = append(b, "data"...)
	b = le.AppendUint32(b, dataSize)
	return append(b, body...)
}

func TestOpenAudioErrors(t *testing.T) {
	dir := t.TempDir()
	adpcm := ffmpeg(t, dir, "adpcm.wav", "-f", "lavfi", "-i", "sine", "-t", "0.1", "-c:a", "adpcm_ms")
	good, err := os.ReadFile(sineWAV(t, dir, "pcm_s16le", 8000, 1, "0.1"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		want error
		says string
	}{
		{"ADPCM", adpcm, ErrUnsupported, "wav format tag 2 (Microsoft ADPCM)"},
		{"truncated", writeFile(t, "cut.wav", good[:len(good)-100]), ErrTruncated, "wav data has 1500 of 1600 bytes"},
		{"0 channels", writeFile(t, "0ch.wav", wavBytes(1, 0, 8000, 16, 4, make([]byte, 4))), ErrUnsupported, "0 channels"},
		{"12-bit", writeFile(t, "12.wav", wavBytes(1, 1, 8000, 12, 4, make([]byte, 4))), ErrUnsupported, "12-bit"},
		{"0 Hz", writeFile(t, "0hz.wav", wavBytes(1, 1, 0, 16, 4, make([]byte, 4))), ErrUnsupported, "0 Hz"},
		{"no data", writeFile(t, "nodata.wav", wavBytes(1, 1, 8000, 16, 0, nil)), ErrTruncated, "no samples"},
		{"header cut", writeFile(t, "h.wav", good[:30]), ErrTruncated, "fmt chunk is cut off"},
		{"AVI", writeFile(t, "x.wav", []byte("RIFF\x00\x00\x00\x00AVI LIST")), ErrFormat, "it is AVI"},
		{"y4m", writeFile(t, "v.y4m", []byte("YUV4MPEG2 W2 H2\n")), ErrFormat, "y4m is not wav"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := OpenAudio(tt.path, AudioOptions{})
			if err == nil {
				a.Close()
				t.Fatal("no error")
			}
			msg := err.Error()
			if !errors.Is(err, tt.want) || !strings.Contains(msg, tt.says) ||
				!strings.HasPrefix(msg, fmt.Sprintf("file %q: ", tt.path)) || strings.Contains(msg, "\n") {
				t.Fatalf("error %q: want one line naming the file, wrapping %v, saying %q", msg, tt.want, tt.says)
			}
		})
	}
}

func TestWAVStreamingSizeAndOddChunks(t *testing.T) {
	// A data size of 0xFFFFFFFF means "to the end"; an odd-sized chunk
	// before it is padded.
	body := make([]byte, 800) // 400 samples at 8 kHz: 50 ms
	for i := range 400 {
		binary.LittleEndian.PutUint16(body[2*i:], uint16(int16(8000*math.Sin(2*math.Pi*float64(i)/8))))
	}
	b := wavBytes(1, 1, 8000, 16, math.MaxUint32, body)
	i := strings.Index(string(b), "data")
	b = append(b[:i:i], append([]byte("LIST\x03\x00\x00\x00abc\x00"), b[i:]...)...)
	a := openAudio(t, writeFile(t, "stream.wav", b), AudioOptions{})
	if a.Duration() != 50*time.Millisecond {
		t.Fatalf("Duration %v, want 50ms", a.Duration())
	}
	freq, _ := toneOf(floats(play(a, 0.04)[480:]), OutputRate)
	if math.Abs(freq-1000) > 1 {
		t.Fatalf("tone at %.2f Hz, want 1000", freq)
	}
}

func TestWAVShrunkWhilePlaying(t *testing.T) {
	path := sineWAV(t, t.TempDir(), "pcm_s16le", 48000, 1, "1")
	a := openAudio(t, path, AudioOptions{})
	play(a, 0.1)
	if err := os.Truncate(path, 20000); err != nil {
		t.Fatal(err)
	}
	play(a, 0.5)
	if !isClosed(a.Done(), time.Second) || !errors.Is(a.Err(), ErrTruncated) || !strings.Contains(a.Err().Error(), path) {
		t.Fatalf("Done closed %v, Err %v; want closed with a truncated error naming the file", isClosed(a.Done(), 0), a.Err())
	}
}

func TestWAVSampleCoding(t *testing.T) {
	le := binary.LittleEndian
	f32 := func(v ...float32) []byte {
		var b []byte
		for _, x := range v {
			b = le.AppendUint32(b, math.Float32bits(x))
		}
		return b
	}
	tests := []struct {
		name      string
		tag, bits int
		channels  int
		body      []byte
		want      []int16
	}{
		{"8-bit unsigned", 1, 8, 1, []byte{0, 64, 128, 192, 255}, []int16{-32767, -16384, 0, 16384, 32511}},
		{"16-bit", 1, 16, 1, le.AppendUint16(le.AppendUint16(nil, 0x8000), 0x4000), []int16{-32767, 16384}},
		{"24-bit", 1, 24, 1, []byte{0, 0, 0x80, 0xFF, 0xFF, 0x7F, 0, 0, 0x40, 0xFF, 0xFF, 0xFF}, []int16{-32767, 32767, 16384, 0}},
		{"32-bit", 1, 32, 1, le.AppendUint32(le.AppendUint32(nil, 0x80000000), 0xC0000000), []int16{-32767, -16384}},
		{"32-bit float", 3, 32, 1, f32(0.5, -0.25, 2, float32(math.NaN()), float32(math.Inf(-1))), []int16{16384, -8192, 32767, 0, 0}},
		{"stereo mean", 1, 16, 2, le.AppendUint16(le.AppendUint16(nil, 0x4000), 0), []int16{8192}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "s.wav", wavBytes(tt.tag, tt.channels, 48000, tt.bits, uint32(len(tt.body)), tt.body))
			a := openAudio(t, path, AudioOptions{})
			got := make([]int16, len(tt.want)+1)
			a.Next(got)
			for i, w := range tt.want {
				if got[i] != w {
					t.Fatalf("samples %v, want %v", got[:len(tt.want)], tt.want)
				}
			}
			if got[len(tt.want)] != 0 || !isClosed(a.Done(), 0) {
				t.Fatal("the end is not silent, or Done is open")
			}
		})
	}
}

func TestAudioNextAllocatesNothing(t *testing.T) {
	path := sineWAV(t, t.TempDir(), "pcm_s16le", 44100, 2, "0.2")
	a := openAudio(t, path, AudioOptions{Loop: true})
	buf := make([]int16, 960)
	a.Next(buf)
	if n := testing.AllocsPerRun(30, func() { a.Next(buf) }); n != 0 {
		t.Fatalf("%v allocations per Next, want 0", n)
	}
}
