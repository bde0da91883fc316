package synthetic

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"math"
	"testing"
	"time"
)

func TestNewVideoSourceValidates(t *testing.T) {
	tests := []struct {
		name          string
		width, height int
		fps           int
		want          error
	}{
		{"720p30", 1280, 720, 30, nil},
		{"smallest", 64, 64, 1, nil},
		{"fastest", 640, 360, 120, nil},
		{"portrait", 720, 1280, 30, nil},
		{"odd width", 641, 360, 30, ErrVideoSize},
		{"odd height", 640, 361, 30, ErrVideoSize},
		{"too narrow", 62, 64, 30, ErrVideoSize},
		{"too short", 64, 62, 30, ErrVideoSize},
		{"too large", 8194, 4320, 30, ErrVideoSize},
		{"too wide for stamp", 640, 64, 30, ErrVideoSize},
		{"negative", -64, 64, 30, ErrVideoSize},
		{"zero fps", 640, 360, 0, ErrFrameRate},
		{"too fast", 640, 360, 121, ErrFrameRate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewVideoSource(tt.width, tt.height, tt.fps)
			if !errors.Is(err, tt.want) {
				t.Fatalf("NewVideoSource(%d, %d, %d) error = %v, want %v", tt.width, tt.height, tt.fps, err, tt.want)
			}
			if err != nil {
				return
			}
			frame := NewFrame(tt.width, tt.height)
			for _, n := range []uint32{0, 1, uint32(tt.fps), math.MaxUint32} {
				s.Next(frame, n, time.Time{})
			}
		})
	}
}

func TestBounce(t *testing.T) {
	tests := []struct {
		dist       uint64
		span, want int
	}{
		{0, 10, 0}, {7, 10, 7}, {10, 10, 10}, {13, 10, 7}, {20, 10, 0},
		{21, 10, 1}, {math.MaxUint64, 10, 5}, {5, 0, 0}, {5, -3, 0},
	}
	for _, tt := range tests {
		if got := bounce(tt.dist, tt.span); got != tt.want {
			t.Errorf("bounce(%d, %d) = %d, want %d", tt.dist, tt.span, got, tt.want)
		}
	}
}

func TestVideoMotion(t *testing.T) {
	for _, size := range stampSizes {
		for _, fps := range []int{30, 120} {
			s, err := NewVideoSource(size.X, size.Y, fps)
			if err != nil {
				t.Fatal(err)
			}
			prev, cur := NewFrame(size.X, size.Y), NewFrame(size.X, size.Y)
			top := StampHeight(size.X)
			s.Next(prev, 0, time.Now())
			for n := range uint32(4) {
				s.Next(cur, n+1, time.Now())
				if got := changed(prev.Y[top*prev.YStride:], cur.Y[top*cur.YStride:]); got < 0.1 {
					t.Errorf("%dx%d at %d fps: frame %d changes %.0f%% of luma below the stamp from the one before, want 10%% or more",
						size.X, size.Y, fps, n+1, 100*got)
				}
				if bytes.Equal(prev.Cb, cur.Cb) {
					t.Errorf("%dx%d at %d fps: frame %d has the same chroma as the one before", size.X, size.Y, fps, n+1)
				}
				prev, cur = cur, prev
			}
		}
	}
}

// changed returns the fraction of bytes that differ between a and b.
func changed(a, b []byte) float64 {
	n := 0
	for i := range a {
		if a[i] != b[i] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

func TestVideoFrameDependsOnNumberOnly(t *testing.T) {
	s, err := NewVideoSource(320, 180, 30)
	if err != nil {
		t.Fatal(err)
	}
	a, b := NewFrame(320, 180), NewFrame(320, 180)
	s.Next(a, 77, time.UnixMilli(1))
	s.Next(b, 5, time.UnixMilli(2))
	s.Next(b, 77, time.UnixMilli(3))
	top := StampHeight(320) * a.YStride
	if !bytes.Equal(a.Y[top:], b.Y[top:]) || !bytes.Equal(a.Cb, b.Cb) || !bytes.Equal(a.Cr, b.Cr) {
		t.Error("frame 77 renders differently the second time")
	}
}

func TestVideoNextRejectsWrongFrame(t *testing.T) {
	s, err := NewVideoSource(320, 180, 30)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Error("Next into a 640x360 frame did not panic")
		}
	}()
	s.Next(NewFrame(640, 360), 0, time.Now())
}

func TestNoAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("counts allocations over many runs")
	}
	s, err := NewVideoSource(1280, 720, 30)
	if err != nil {
		t.Fatal(err)
	}
	frame, half, quarter := NewFrame(1280, 720), NewFrame(640, 360), NewFrame(320, 180)
	a, err := NewAudioSource(48000, 2)
	if err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, 2*960)
	n := uint32(0)
	tests := []struct {
		name string
		run  func()
	}{
		{"VideoSource.Next", func() { n++; s.Next(frame, n, time.Now()) }},
		{"Downscale", func() { Downscale(half, frame); Downscale(quarter, frame) }},
		{"ReadStamp", func() { ReadStamp(quarter) }},
		{"AudioSource.Next", func() { a.Next(pcm) }},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(20, tt.run); got != 0 {
			t.Errorf("%s allocates %v times per call, want 0", tt.name, got)
		}
	}
}

func BenchmarkVideoNext(b *testing.B) {
	for _, size := range []image.Point{{1280, 720}, {1920, 1080}} {
		b.Run(fmtSize(size), func(b *testing.B) {
			s, err := NewVideoSource(size.X, size.Y, 30)
			if err != nil {
				b.Fatal(err)
			}
			frame := NewFrame(size.X, size.Y)
			now := time.Now()
			n := uint32(0)
			for b.Loop() {
				n++
				s.Next(frame, n, now)
			}
			b.ReportMetric(msPerOp(b), "ms/frame")
		})
	}
}

func fmtSize(p image.Point) string {
	return fmt.Sprintf("%dx%d", p.X, p.Y)
}

func msPerOp(b *testing.B) float64 {
	return float64(b.Elapsed().Microseconds()) / 1000 / float64(b.N)
}
