package bot

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/media/synthetic"
)

// TestBackgroundEffectReachesPeer: with --background the other participant
// decodes the new background; switching to blur and then clearing it at run
// time changes what it decodes, with no republish.
func TestBackgroundEffectReachesPeer(t *testing.T) {
	green := color.RGBA{0, 200, 0, 255}
	bg := filepath.Join(t.TempDir(), "green.png")
	writeSolidPNG(t, bg, green)
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) { c.Simulcast, c.Mic, c.Background = false, "none", bg })
	p := newPeer(t, srv, "room", "watcher")
	video := p.track(SourceCamera)
	sid := video.pub.SID()

	// The synthetic picture is a gradient of every hue; where it is
	// replaced, the picture is the background's one colour.
	_, cb, cr := color.RGBToYCbCr(green.R, green.G, green.B)
	decodeUntil(t, video, "the green background, with no stamp", func(img *image.YCbCr) bool {
		_, stamped := synthetic.ReadStamp(img)
		return colourShare(img, cb, cr) > 0.8 && !stamped
	})

	if err := b.SetBlur(10); err != nil {
		t.Fatal(err)
	}
	blurred := sharpness(decodeUntil(t, video, "the blurred picture in place of the background", func(img *image.YCbCr) bool {
		return colourShare(img, cb, cr) < 0.2
	}))

	// The effect's time goes to the processor metrics.
	if s := b.Snapshot(); s.ProcessedFrames == 0 || s.ProcessorTime <= 0 {
		t.Errorf("snapshot: %d frames processed in %v, want some", s.ProcessedFrames, s.ProcessorTime)
	} else {
		t.Logf("the effect processed %d frames, %v each", s.ProcessedFrames, s.ProcessorTime/time.Duration(s.ProcessedFrames))
	}

	b.ClearProcessor()
	plain := decodeUntil(t, video, "the unprocessed picture, with its stamp", func(img *image.YCbCr) bool {
		_, stamped := synthetic.ReadStamp(img)
		return stamped
	})
	if sharp := sharpness(plain); blurred > sharp/2 {
		t.Fatalf("blur 10 left sharpness %.2f against %.2f unprocessed", blurred, sharp)
	}
	if video.pub.SID() != sid {
		t.Fatal("switching effects republished the track")
	}
}

// decodeUntil decodes what the track carried from its first keyframe on
// until the last frame, which shows what the bot sends now, satisfies cond,
// and returns that frame.
func decodeUntil(t *testing.T, pt *peerTrack, what string, cond func(*image.YCbCr) bool) *image.YCbCr {
	t.Helper()
	var last *image.YCbCr
	deadline := time.Now().Add(15 * time.Second)
	for last == nil || !cond(last) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after 15s decoding until: %s", what)
		}
		time.Sleep(200 * time.Millisecond)
		if imgs := decodeFromKeyframe(t, pt.snapshot()); len(imgs) > 0 {
			last = imgs[len(imgs)-1]
		}
	}
	return last
}

// decodeFromKeyframe decodes packets from the first keyframe on.
func decodeFromKeyframe(t *testing.T, pkts []peerPacket) []*image.YCbCr {
	t.Helper()
	for i := range pkts {
		if startsKeyframe("video/VP8", pkts[i].pkt) {
			imgs, err := decodeVP8(pkts[i:])
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			return imgs
		}
	}
	return nil
}

// colourShare is the share of img's chroma samples within a few levels of
// the colour (cb, cr).
func colourShare(img *image.YCbCr, cb, cr uint8) float64 {
	const near = 12
	w, h := (img.Rect.Dx()+1)/2, (img.Rect.Dy()+1)/2
	in := 0
	for y := range h {
		for x := range w {
			i := y*img.CStride + x
			if absDiff(img.Cb[i], cb) <= near && absDiff(img.Cr[i], cr) <= near {
				in++
			}
		}
	}
	return float64(in) / float64(w*h)
}

func absDiff(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}

// sharpness is the mean absolute difference of horizontally adjacent luma
// pixels below the stamp: blur lowers it.
func sharpness(img *image.YCbCr) float64 {
	var sum, n float64
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for y := h / 4; y < h; y++ {
		row := img.Y[y*img.YStride:]
		for x := 1; x < w; x++ {
			d := float64(row[x]) - float64(row[x-1])
			if d < 0 {
				d = -d
			}
			sum += d
			n++
		}
	}
	return sum / n
}

func writeSolidPNG(t *testing.T, path string, c color.RGBA) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 36))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
