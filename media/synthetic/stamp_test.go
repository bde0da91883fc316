package synthetic

import (
	"fmt"
	"image"
	"math/rand/v2"
	"testing"
	"time"
)

var stampSizes = []image.Point{{1280, 720}, {640, 360}, {320, 180}, {1920, 1080}, {64, 64}}

func TestStampRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		factor int  // downscale factor, 1 for none
		twice  bool // reach the factor in two halvings, as for simulcast
		noise  int  // luma noise amplitude added after scaling
	}{
		{"direct", 1, false, 0},
		{"noisy", 1, false, 30},
		{"half", 2, false, 0},
		{"half-noisy", 2, false, 30},
		{"quarter", 4, false, 0},
		{"quarter-noisy", 4, false, 30},
		{"half-of-half", 4, true, 0},
	}
	for _, size := range stampSizes {
		src, err := NewVideoSource(size.X, size.Y, 30)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%dx%d/%s", size.X, size.Y, tt.name), func(t *testing.T) {
				if size.X%(stampBlocks*tt.factor) != 0 {
					t.Skipf("stamp blocks of a %d-wide frame are not whole pixels at 1/%d scale", size.X, tt.factor)
				}
				rng := rand.New(rand.NewPCG(uint64(size.X), uint64(tt.factor)))
				frame := NewFrame(size.X, size.Y)
				half := NewFrame(size.X/2, size.Y/2)
				scaled := NewFrame(size.X/tt.factor, size.Y/tt.factor)
				for range 4 {
					want := Stamp{Frame: rng.Uint32(), CaptureMs: rng.Uint32()}
					src.Next(frame, want.Frame, time.UnixMilli(int64(want.CaptureMs)+rng.Int64N(1<<12)<<32))
					got := frame
					switch {
					case tt.twice:
						Downscale(half, frame)
						Downscale(scaled, half)
						got = scaled
					case tt.factor > 1:
						Downscale(scaled, frame)
						got = scaled
					}
					addNoise(got, rng, tt.noise)
					s, ok := ReadStamp(got)
					if !ok || s != want {
						t.Fatalf("ReadStamp = %+v, %v; want %+v, true", s, ok, want)
					}
				}
			})
		}
	}
}

// addNoise adds uniform noise of up to ±amp to the luma of img's stamp
// band, the only part ReadStamp looks at.
func addNoise(img *image.YCbCr, rng *rand.Rand, amp int) {
	if amp == 0 {
		return
	}
	band := img.Y[:StampHeight(img.Rect.Dx())*img.YStride]
	for i, v := range band {
		band[i] = byte(min(255, max(0, int(v)+rng.IntN(2*amp+1)-amp)))
	}
}

func TestReadStampRejects(t *testing.T) {
	stamped := func() *image.YCbCr {
		img := NewFrame(640, 360)
		WriteStamp(img, Stamp{Frame: 0x12345678, CaptureMs: 0x9abcdef0})
		return img
	}
	flip := func(row, block int) func(*image.YCbCr) {
		return func(img *image.YCbCr) {
			b := img.Rect.Dx() / stampBlocks
			for y := row * b; y < (row+1)*b; y++ {
				for x := block * b; x < (block+1)*b; x++ {
					img.Y[y*img.YStride+x] = lumaOne + lumaZero - img.Y[y*img.YStride+x]
				}
			}
		}
	}
	tests := []struct {
		name  string
		spoil func(*image.YCbCr)
	}{
		{"frame bit 31", flip(0, 0)},
		{"frame bit 0", flip(0, 31)},
		{"capture bit 16", flip(1, 15)},
		{"sync bit", flip(2, 3)},
		{"check bit", flip(2, 30)},
		{"black frame", func(img *image.YCbCr) { fill(img.Y, lumaZero) }},
		{"white frame", func(img *image.YCbCr) { fill(img.Y, lumaOne) }},
		{"truncated luma", func(img *image.YCbCr) { img.Y = img.Y[:img.YStride*10] }},
		{"short stride", func(img *image.YCbCr) { img.YStride = 100 }},
		{"too narrow", func(img *image.YCbCr) { img.Rect.Max.X = 31 }},
		{"too short", func(img *image.YCbCr) { img.Rect.Max.Y = 2 }},
	}
	if _, ok := ReadStamp(stamped()); !ok {
		t.Fatal("ReadStamp rejects an intact stamp")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := stamped()
			tt.spoil(img)
			if s, ok := ReadStamp(img); ok {
				t.Errorf("ReadStamp = %+v, true; want false", s)
			}
		})
	}
	if _, ok := ReadStamp(nil); ok {
		t.Error("ReadStamp(nil) reports a stamp")
	}
}

func TestStampDelay(t *testing.T) {
	tests := []struct {
		name    string
		capture int64 // Unix ms
		now     int64
		want    time.Duration
	}{
		{"plain", 1_700_000_000_000, 1_700_000_000_120, 120 * time.Millisecond},
		{"across wrap", 1<<32 - 50, 1<<32 + 70, 120 * time.Millisecond},
		{"clock skew", 5_000_000_100, 5_000_000_000, -100 * time.Millisecond},
		{"same instant", 42, 42, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStamp(7, time.UnixMilli(tt.capture))
			if got := s.Delay(time.UnixMilli(tt.now)); got != tt.want {
				t.Errorf("Delay = %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzReadStamp reads stamps from arbitrary luma planes: the first three
// bytes choose width, height and stride, the rest is the plane.
func FuzzReadStamp(f *testing.F) {
	valid := NewFrame(64, 64)
	WriteStamp(valid, Stamp{Frame: 99, CaptureMs: 123456})
	f.Add(append([]byte{32, 63, 4}, valid.Y...))
	f.Add([]byte{0, 0, 0})
	f.Add(make([]byte, 500))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 3 {
			return
		}
		w, h := 32+int(data[0])%97, 1+int(data[1])%64
		img := &image.YCbCr{
			Y:              data[3:],
			YStride:        w + int(data[2])%8 - 4,
			Rect:           image.Rect(0, 0, w, h),
			SubsampleRatio: image.YCbCrSubsampleRatio420,
		}
		s, ok := ReadStamp(img)
		if !ok {
			return
		}
		again := NewFrame(w, max(h, 64))
		WriteStamp(again, s)
		if got, ok := ReadStamp(again); !ok || got != s {
			t.Errorf("rewritten stamp reads %+v, %v; want %+v", got, ok, s)
		}
	})
}
