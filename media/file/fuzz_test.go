package file

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/lkbot/lkbot/media/yuv"
)

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"YUV4MPEG2 ", "RIFF\x00\x00\x00\x00WAVE", "\x89PNG\r\n\x1a\n", "\xFF\xD8\xFF", "DKIF", "OggS", "\x00\x00\x01", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		format := detect(b)
		if format == FormatUnknown && !errors.Is(unknownError(b), ErrFormat) {
			t.Fatal("the unknown-format error does not wrap ErrFormat")
		}
		_ = format.String()
	})
}

func FuzzY4MHeader(f *testing.F) {
	f.Add([]byte("YUV4MPEG2 W320 H240 F25:1 Ip A1:1 C420jpeg XYSCSS=420JPEG\n"))
	f.Add([]byte("YUV4MPEG2 W2 H2 F0:0 C444\n"))
	f.Add([]byte("YUV4MPEG2 W-1 H2 F1:0\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := parseY4MHeader(bytes.NewReader(b))
		if err != nil {
			return
		}
		if h.width <= 0 || h.height <= 0 || h.width > maxSide || h.height > maxSide || h.size > int64(len(b)) {
			t.Fatalf("accepted header %+v from %d bytes", h, len(b))
		}
	})
}

// FuzzY4M plays a whole y4m stream from memory at several media times,
// as Next would: it must never panic, and errors must close Done.
func FuzzY4M(f *testing.F) {
	f.Add(y4mFile("W4 H2 F25:1", 4, 2, []string{"FRAME\n", "FRAME Ip\n"}, []byte{1, 2}), true)
	f.Add(y4mFile("W3 H3 F1:1 XCOLORRANGE=FULL", 3, 3, []string{"FRAME\n"}, []byte{0}), false)
	f.Add([]byte("YUV4MPEG2 W2 H2\nFRAME\n\x00\x00"), true)
	f.Fuzz(func(t *testing.T, b []byte, loop bool) {
		r := bytes.NewReader(b)
		hdr, err := parseY4MHeader(r)
		if err != nil || hdr.frameSize() > 1<<16 {
			return
		}
		s := &VideoSource{path: "fuzz.y4m", loop: loop, version: 1}
		if err := s.startY4M(r, hdr, 0); err != nil {
			return
		}
		dst := yuv.NewI420(8, 6)
		for _, ms := range []int{0, 40, 1000, 30, 5000, 100000} {
			s.Next(dst, 0, t0.Add(time.Duration(ms)*time.Millisecond))
		}
		select {
		case <-s.Done():
		default:
			if s.Err() != nil {
				t.Fatal("an error without Done closed")
			}
		}
	})
}

// FuzzWAV parses a wav file from memory and plays some of it.
func FuzzWAV(f *testing.F) {
	f.Add(wavBytes(1, 2, 44100, 16, 8, make([]byte, 8)), false)
	f.Add(wavBytes(3, 1, 8000, 32, 4, []byte{0, 0, 0xC0, 0x7F}), true)
	f.Add(wavBytes(1, 1, 22050, 24, 0xFFFFFFFF, make([]byte, 9)), true)
	f.Add(wavBytes(0xFFFE, 1, 22050, 24, 3, make([]byte, 3)), false)
	f.Fuzz(func(t *testing.T, b []byte, loop bool) {
		r := bytes.NewReader(b)
		info, err := parseWAV(r, int64(len(b)))
		if err != nil {
			return
		}
		if info.dataOff+info.frames*int64(info.blockAlign) > int64(len(b)) {
			t.Fatalf("the data chunk %+v overruns %d bytes", info, len(b))
		}
		a := newAudioSource("fuzz.wav", r, nil, info, AudioOptions{Loop: loop})
		buf := make([]int16, 960)
		for range 3 {
			a.Next(buf)
		}
		if a.Err() != nil {
			t.Fatalf("in-memory playback failed: %v", a.Err())
		}
	})
}
