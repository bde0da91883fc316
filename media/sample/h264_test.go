package sample

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"time"
)

func TestH264(t *testing.T) {
	for _, tc := range []struct {
		name       string
		size       string
		w, h       int
		x264       []string
		compareKey bool // ffprobe lists frames in display order, so only without B-frames
	}{
		{"no B-frames", "320x240", 320, 240, []string{"-bf", "0"}, true},
		{"B-frames", "320x240", 320, 240, nil, false},
		{"four slices", "320x240", 320, 240, []string{"-bf", "0", "-x264-params", "slices=4"}, true},
		{"cropped", "320x180", 320, 180, []string{"-bf", "0"}, true},
		{"odd size", "318x178", 318, 178, []string{"-bf", "0", "-pix_fmt", "yuv444p"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"-f", "lavfi", "-i", "testsrc2=size=" + tc.size + ":rate=30", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30"}
			args = append(append(args, tc.x264...), "-bsf:v", "h264_mp4toannexb", "-f", "h264")
			path := encode(t, "x.h264", args...)
			f := mustOpen(t, path, Options{FPS: 5}) // the SPS timing wins
			if f.Codec() != "h264" || f.Kind() != "video" {
				t.Errorf("codec %q kind %q", f.Codec(), f.Kind())
			}
			if w, h := f.Size(); w != tc.w || h != tc.h {
				t.Errorf("size %dx%d, want %dx%d", w, h, tc.w, tc.h)
			}
			if f.FPS() != 30 || f.Duration() != 2*time.Second {
				t.Errorf("fps %v duration %v, want 30 and 2s", f.FPS(), f.Duration())
			}
			if n := probeFrameCount(t, path); f.Len() != n {
				t.Errorf("%d access units, ffprobe decodes %d frames", f.Len(), n)
			}
			keys := probeKeyframes(t, path)
			if tc.compareKey && len(keys) != f.Len() {
				t.Errorf("ffprobe shows %d key flags for %d access units", len(keys), f.Len())
			}
			var data []byte
			for i := 0; i < f.Len(); i++ {
				s, err := f.ReadSample(i, nil)
				if err != nil {
					t.Fatal(err)
				}
				if !isAnnexB(s.Data) {
					t.Fatalf("AU %d does not start with a start code: % x", i, s.Data[:min(8, len(s.Data))])
				}
				if tc.compareKey && i < len(keys) && s.Key != keys[i] {
					t.Errorf("AU %d: key %v, ffprobe says %v", i, s.Key, keys[i])
				}
				data = append(data, s.Data...)
			}
			// The samples cover the file: nothing dropped, nothing twice.
			file, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, file) {
				t.Errorf("samples hold %d bytes, the file %d", len(data), len(file))
			}
		})
	}
}

// bitWriter builds bitstreams for synthetic SPSs.
type bitWriter struct {
	buf  []byte
	bits int
}

func (w *bitWriter) u(v uint32, n int) {
	for i := n - 1; i >= 0; i-- {
		if w.bits%8 == 0 {
			w.buf = append(w.buf, 0)
		}
		w.buf[len(w.buf)-1] |= byte(v>>i&1) << (7 - w.bits%8)
		w.bits++
	}
}

func (w *bitWriter) ue(v uint32) {
	n := 0
	for x := v + 1; x > 1; x >>= 1 {
		n++
	}
	w.u(0, n)
	w.u(v+1, n+1)
}

// baselineSPS codes a 4:2:0 progressive SPS of w x h pixels (multiples of
// 16), with VUI timing when tick is not 0.
func baselineSPS(w, h int, tick, scale uint32) []byte {
	bw := &bitWriter{}
	bw.u(0x67, 8)
	bw.u(66, 8) // profile_idc
	bw.u(0, 8)
	bw.u(30, 8)
	bw.ue(0) // sps id
	bw.ue(0) // log2_max_frame_num_minus4
	bw.ue(2) // poc type
	bw.ue(1) // max_num_ref_frames
	bw.u(0, 1)
	bw.ue(uint32(w/16 - 1))
	bw.ue(uint32(h/16 - 1))
	bw.u(1, 1) // frame_mbs_only
	bw.u(1, 1) // direct_8x8
	bw.u(0, 1) // no cropping
	bw.u(b2u(tick != 0), 1)
	if tick != 0 {
		bw.u(0, 4) // no aspect, overscan, signal type, chroma loc
		bw.u(1, 1)
		bw.u(tick, 32)
		bw.u(scale, 32)
		bw.u(1, 1)
		bw.u(0, 5) // nal/vcl hrd, pic_struct, bitstream_restriction... enough
	}
	bw.u(1, 1) // rbsp_stop_one_bit
	return bw.buf
}

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// Synthetic NAL units: slices start with first_mb_in_slice, whose first
// bit is 1 exactly when it is 0.
var (
	pps       = []byte{0x68, 0xce, 0x38, 0x80}
	aud       = []byte{0x09, 0xf0}
	sei       = []byte{0x06, 0x05, 0x01, 0xaa, 0x80}
	idrFirst  = []byte{0x65, 0x88, 0x84}
	idrSecond = []byte{0x65, 0x4c, 0x84} // first_mb_in_slice 2
	pFirst    = []byte{0x41, 0x9a, 0x02}
	pSecond   = []byte{0x41, 0x4c, 0x02}
)

func TestH264AccessUnits(t *testing.T) {
	sps := baselineSPS(320, 240, 0, 0)
	for _, tc := range []struct {
		name   string
		nals   [][]byte
		aus    []int // NAL units per access unit
		keys   []bool
		prefix []bool // sent with the last SPS and PPS before it
	}{
		{"one slice a frame", [][]byte{sps, pps, idrFirst, pFirst, pFirst}, []int{3, 1, 1}, []bool{true, false, false}, nil},
		{"two slices a frame", [][]byte{sps, pps, idrFirst, idrSecond, pFirst, pSecond}, []int{4, 2}, []bool{true, false}, nil},
		{"AUDs", [][]byte{aud, sps, pps, idrFirst, aud, pFirst, aud, pFirst}, []int{4, 2, 2}, []bool{true, false, false}, nil},
		{"SEI and SPS after a slice", [][]byte{sps, pps, idrFirst, sei, pFirst, sps, pps, idrFirst}, []int{3, 2, 3}, []bool{true, false, true}, nil},
		{"trailing SEI joins the last frame", [][]byte{sps, pps, idrFirst, pFirst, sei}, []int{3, 2}, []bool{true, false}, nil},
		{"empty NAL units", [][]byte{sps, pps, {}, idrFirst, {}, pFirst}, []int{5, 1}, []bool{true, false}, nil},
		{"IDR without parameter sets", [][]byte{sps, pps, idrFirst, pFirst, idrFirst, sei}, []int{3, 1, 2}, []bool{true, false, true}, []bool{false, false, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := annexB(tc.nals...)
			idx, err := parse(bytes.NewReader(data), int64(len(data)), Options{FPS: 25})
			if err != nil {
				t.Fatal(err)
			}
			if len(idx.entries) != len(tc.aus) {
				t.Fatalf("%d access units, want %d", len(idx.entries), len(tc.aus))
			}
			nal := 0
			for i, e := range idx.entries {
				var want []byte
				if tc.prefix != nil && tc.prefix[i] {
					want = annexB(sps, pps)
				}
				for _, n := range tc.nals[nal : nal+tc.aus[i]] {
					want = append(append(want, 0, 0, 0, 1), n...)
				}
				nal += tc.aus[i]
				s, err := readSample(bytes.NewReader(data), idx, i, nil)
				if err != nil {
					t.Fatal(err)
				}
				if got := s.Data; !bytes.Equal(got, want) {
					t.Errorf("AU %d: % x, want % x", i, got, want)
				}
				if e.key != tc.keys[i] || e.dur != 40*time.Millisecond {
					t.Errorf("AU %d: key %v lasting %v, want %v 40ms", i, e.key, e.dur, tc.keys[i])
				}
			}
			if idx.width != 320 || idx.height != 240 || idx.fps != 25 {
				t.Errorf("%dx%d at %v fps, want 320x240 at 25", idx.width, idx.height, idx.fps)
			}
		})
	}
}

func TestH264Rate(t *testing.T) {
	for _, tc := range []struct {
		name        string
		tick, scale uint32
		fps         int
		want        float64
	}{
		{"VUI timing", 1001, 60000, 5, 60000.0 / 2002},
		{"Options.FPS", 0, 0, 25, 25},
		{"default", 0, 0, 0, 30},
		{"implausible VUI", 1, 1000000, 0, 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := annexB(baselineSPS(640, 480, tc.tick, tc.scale), pps, idrFirst, pFirst)
			idx, err := parse(bytes.NewReader(data), int64(len(data)), Options{FPS: tc.fps})
			if err != nil {
				t.Fatal(err)
			}
			if idx.fps != tc.want || idx.width != 640 || idx.height != 480 {
				t.Errorf("%dx%d at %v fps, want 640x480 at %v", idx.width, idx.height, idx.fps, tc.want)
			}
		})
	}
}

func TestH264Refused(t *testing.T) {
	sps := baselineSPS(320, 240, 0, 0)
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"no IDR first", annexB(sps, pps, pFirst, idrFirst), ErrNoKeyframe},
		{"no slices", annexB(sps, pps, sei), ErrTruncated},
		{"start code only", []byte{0, 0, 0, 1}, ErrTruncated},
		{"forbidden bit", annexB([]byte{0xe5, 0x88}), ErrFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeTemp(t, "x.h264", tc.data)
			if _, err := Open(p, Options{}); !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
		})
	}
}

// TestScanStartCodes checks start codes that straddle read chunks.
func TestScanStartCodes(t *testing.T) {
	const chunk = 64 << 10
	for _, at := range []int{chunk - 4, chunk - 3, chunk - 2, chunk - 1, chunk, chunk + 1} {
		data := make([]byte, 2*chunk)
		for i := range data {
			data[i] = 0xaa
		}
		copy(data, []byte{0, 0, 0, 1})
		copy(data[at:], []byte{0, 0, 0, 1})
		var got [][2]int64
		err := scanStartCodes(bytes.NewReader(data), int64(len(data)), func(start, hdr int64) error {
			got = append(got, [2]int64{start, hdr})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := [][2]int64{{0, 4}, {int64(at), int64(at) + 4}}
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("start code at %d: found %v, want %v", at, got, want)
		}
	}
}
