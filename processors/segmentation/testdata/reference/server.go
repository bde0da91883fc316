//go:build ignore

// Command server drives MediaPipe's own selfie segmentation (the npm
// package's JavaScript and WebAssembly, in a browser) to make reference
// masks for this package's tests. generate.sh runs it; see README.md.
//
// It writes, for each photo and model, the RGB image at the model's input
// size (NAME_MODEL.input.png) and serves it to the page, which runs
// MediaPipe on it and posts back the mask, saved as NAME_MODEL.mask.png.
// Feeding images already at the model's size makes MediaPipe's own scaling
// an identity, so the masks compare directly with the model's output.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg"
	"image/png"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

type testCase struct {
	Name  string `json:"name"`
	Model int    `json:"model"` // MediaPipe modelSelection: 0 general, 1 landscape
	W     int    `json:"w"`
	H     int    `json:"h"`
}

func main() {
	pkg := flag.String("pkg", "", "directory of the extracted @mediapipe/selfie_segmentation package")
	out := flag.String("out", ".", "directory for the input and mask PNGs")
	photos := flag.String("photos", "../messi5.jpg,../lake.jpg", "comma-separated photos")
	addrFile := flag.String("addr-file", "", "file to write the listening address to")
	flag.Parse()

	var cases []testCase
	for _, p := range strings.Split(*photos, ",") {
		img, err := decode(p)
		if err != nil {
			log.Fatal(err)
		}
		base := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		for _, m := range []struct {
			name  string
			model int
			w, h  int
		}{{"general", 0, 256, 256}, {"landscape", 1, 256, 144}} {
			c := testCase{Name: base + "_" + m.name, Model: m.model, W: m.w, H: m.h}
			if err := writePNG(filepath.Join(*out, c.Name+".input.png"), scale(img, m.w, m.h)); err != nil {
				log.Fatal(err)
			}
			cases = append(cases, c)
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	if *addrFile != "" {
		if err := os.WriteFile(*addrFile, []byte(ln.Addr().String()), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	done := make(chan struct{})
	mux := http.NewServeMux()
	mux.Handle("/mp/", http.StripPrefix("/mp/", http.FileServer(http.Dir(*pkg))))
	mux.Handle("/input/", http.StripPrefix("/input/", http.FileServer(http.Dir(*out))))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		js, _ := json.Marshal(cases)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, page, js)
	})
	mux.HandleFunc("/log", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		log.Printf("page: %s", b)
	})
	mux.HandleFunc("/result", func(w http.ResponseWriter, r *http.Request) {
		if err := saveMask(r, *out, cases); err != nil {
			log.Printf("result: %v", err)
			http.Error(w, err.Error(), http.StatusBadRequest)
		}
	})
	mux.HandleFunc("/done", func(w http.ResponseWriter, r *http.Request) { close(done) })
	go http.Serve(ln, mux)
	log.Printf("serving on http://%s/", ln.Addr())
	<-done
}

// saveMask stores the posted RGBA pixels of the mask canvas. MediaPipe's
// mask image carries the confidence in its alpha channel (the red channel
// is 1 wherever alpha is not 0), so alpha is what is kept.
func saveMask(r *http.Request, out string, cases []testCase) error {
	name := r.URL.Query().Get("name")
	var c *testCase
	for i := range cases {
		if cases[i].Name == name {
			c = &cases[i]
		}
	}
	if c == nil {
		return fmt.Errorf("unknown case %q", name)
	}
	rgba, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(rgba) != c.W*c.H*4 {
		return fmt.Errorf("%s: %d bytes, want %d", name, len(rgba), c.W*c.H*4)
	}
	mask := image.NewGray(image.Rect(0, 0, c.W, c.H))
	var sum [4]int
	for i := 0; i < c.W*c.H; i++ {
		mask.Pix[i] = rgba[4*i+3]
		for ch := 0; ch < 4; ch++ {
			sum[ch] += int(rgba[4*i+ch])
		}
	}
	log.Printf("%s: mean of R G B A = %v", name, [4]float64{
		float64(sum[0]) / float64(c.W*c.H), float64(sum[1]) / float64(c.W*c.H),
		float64(sum[2]) / float64(c.W*c.H), float64(sum[3]) / float64(c.W*c.H)})
	return writePNG(filepath.Join(out, name+".mask.png"), mask)
}

func decode(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	return img, err
}

// scale resizes bilinearly with pixel centres aligned.
func scale(src image.Image, w, h int) *image.NRGBA {
	b := src.Bounds()
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	at := func(x, y int) [3]float64 {
		r, g, bb, _ := src.At(b.Min.X+x, b.Min.Y+y).RGBA()
		return [3]float64{float64(r >> 8), float64(g >> 8), float64(bb >> 8)}
	}
	axis := func(i, n, size int) (int, int, float64) {
		v := (float64(i)+0.5)*float64(size)/float64(n) - 0.5
		if v <= 0 {
			return 0, 0, 0
		}
		i0 := int(v)
		if i0 >= size-1 {
			return size - 1, size - 1, 0
		}
		return i0, i0 + 1, v - float64(i0)
	}
	for y := 0; y < h; y++ {
		y0, y1, fy := axis(y, h, b.Dy())
		for x := 0; x < w; x++ {
			x0, x1, fx := axis(x, w, b.Dx())
			p00, p01, p10, p11 := at(x0, y0), at(x1, y0), at(x0, y1), at(x1, y1)
			var c [3]uint8
			for i := range c {
				top := p00[i] + (p01[i]-p00[i])*fx
				bottom := p10[i] + (p11[i]-p10[i])*fx
				c[i] = uint8(top + (bottom-top)*fy + 0.5)
			}
			dst.Set(x, y, color.NRGBA{c[0], c[1], c[2], 255})
		}
	}
	return dst
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

const page = `<!DOCTYPE html>
<html><head><script src="/mp/selfie_segmentation.js"></script></head>
<body><script>
const cases = %s;
function log(msg) { return fetch('/log', {method: 'POST', body: String(msg)}); }
async function run() {
  const seg = new SelfieSegmentation({locateFile: f => '/mp/' + f});
  let current, finished;
  seg.onResults(async results => {
    const c = current;
    const canvas = document.createElement('canvas');
    canvas.width = c.w;
    canvas.height = c.h;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(results.segmentationMask, 0, 0, c.w, c.h);
    const data = ctx.getImageData(0, 0, c.w, c.h).data;
    finished(fetch('/result?name=' + c.name, {method: 'POST', body: data}));
  });
  for (const c of cases) {
    seg.setOptions({modelSelection: c.model, selfieMode: false});
    const img = new Image();
    img.src = '/input/' + c.name + '.input.png';
    await img.decode();
    current = c;
    const posted = new Promise(resolve => { finished = resolve; });
    await seg.send({image: img});
    await posted;
    await log('done ' + c.name);
  }
  await fetch('/done', {method: 'POST'});
}
run().catch(e => log('error: ' + e + ' ' + (e.stack || '')));
</script></body></html>
`
