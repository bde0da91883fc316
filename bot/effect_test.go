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
	skipShort(t)
	bg := filepath.Join(t.TempDir(), "green.png")
	writeSolidPNG(t, bg, color.RGBA{0, 200, 0, 255})
	srv := lktest.Start(t)
	b := startBot(t, srv, func(c *Config) { c.Simulcast, c.Mic, c.Background = false, "none", bg })
	p := newPeer(t, srv, "room", "watcher")
	video := p.track(SourceCamera)
	sid := video.pub.SID()

	frames := decodeFor(t, video, 2*time.Second)
	if y, cb, cr := centre(frames[len(frames)-1]); !(cb < 100 && cr < 100 && y > 90) {
		t.Fatalf("centre pixel Y=%d Cb=%d Cr=%d, want the green background", y, cb, cr)
	}
	if _, ok := synthetic.ReadStamp(frames[len(frames)-1]); ok {
		t.Fatal("the stamp survived a full virtual background: the effect did not run")
	}

	if err := b.SetBlur(10); err != nil {
		t.Fatal(err)
	}
	frames = decodeFor(t, video, 2*time.Second)
	blurred := sharpness(frames[len(frames)-1])

	b.ClearProcessor()
	frames = decodeFor(t, video, 2*time.Second)
	if _, ok := synthetic.ReadStamp(frames[len(frames)-1]); !ok {
		t.Fatal("after clearing the effect the picture is still processed")
	}
	if sharp := sharpness(frames[len(frames)-1]); blurred > sharp/2 {
		t.Fatalf("blur 10 left sharpness %.2f against %.2f unprocessed", blurred, sharp)
	}
	if video.pub.SID() != sid {
		t.Fatal("switching effects republished the track")
	}
}

// decodeFor waits, then decodes everything the track carried from its first
// keyframe on; the last frame shows what the bot sends now.
func decodeFor(t *testing.T, pt *peerTrack, d time.Duration) []*image.YCbCr {
	t.Helper()
	time.Sleep(d)
	pkts := pt.snapshot()
	for i := range pkts {
		if startsKeyframe("video/VP8", pkts[i].pkt) {
			imgs, err := decodeVP8(pkts[i:])
			if err != nil || len(imgs) == 0 {
				t.Fatalf("decode: %d frames, %v", len(imgs), err)
			}
			return imgs
		}
	}
	t.Fatalf("no keyframe among %d packets", len(pkts))
	return nil
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

func centre(img *image.YCbCr) (y, cb, cr uint8) {
	c := img.YCbCrAt(img.Rect.Dx()/2, img.Rect.Dy()/2)
	return c.Y, c.Cb, c.Cr
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
