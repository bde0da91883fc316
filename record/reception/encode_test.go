//go:build cgo

package reception

import (
	"bytes"
	"image"
	"testing"

	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"

	"github.com/lkbot/lkbot/media/encode"
)

// realCodec is one of lkbot's encoders and the payloader that goes with
// it.
type realCodec struct {
	name, mime, codec string
	payloader         func() rtp.Payloader
}

var realCodecs = []realCodec{
	{"VP8", "video/VP8", encode.VP8, func() rtp.Payloader { return &codecs.VP8Payloader{EnablePictureID: true} }},
	{"VP9", "video/VP9", encode.VP9, func() rtp.Payloader { return &codecs.VP9Payloader{} }},
	// Flexible mode has no scalability structure: the size comes from the
	// keyframe header.
	{"VP9-flexible", "video/VP9", encode.VP9, func() rtp.Payloader { return &codecs.VP9Payloader{FlexibleMode: true} }},
	{"H264", "video/H264", encode.H264, func() rtp.Payloader { return &codecs.H264Payloader{} }},
}

// encodeFrames returns n frames of a moving gradient at w x h; the first
// is a keyframe, and so is each in keys.
func encodeFrames(t testing.TB, c realCodec, w, h, n int, keys ...int) [][]byte {
	t.Helper()
	enc, err := encode.NewVideoEncoder(encode.VideoParams{Codec: c.codec, Width: w, Height: h, FPS: 30, BitrateBps: 600_000, KeyFrameInterval: 1000})
	if err != nil {
		t.Fatalf("%s encoder: %v", c.name, err)
	}
	defer enc.Close()
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	var frames [][]byte
	for tick := 0; len(frames) < n; tick++ {
		for _, k := range keys {
			if k == len(frames) {
				enc.ForceKeyFrame()
			}
		}
		for i := range img.Y {
			img.Y[i] = byte(i%w + tick*4)
		}
		// Noise in a moving band keeps inter frames a few packets long.
		band := img.Y[(tick*16)%h*w:][:16*w]
		for i := range band {
			band[i] = byte(i*i*31 + tick*97)
		}
		data, _, err := enc.Encode(img)
		if err != nil {
			t.Fatalf("%s encode: %v", c.name, err)
		}
		if len(data) > 0 {
			frames = append(frames, bytes.Clone(data))
		}
	}
	return frames
}

// realStream packetizes frames into packets of at most 300 bytes, so that
// frames span several.
func realStream(c realCodec, frames [][]byte, seq uint16) []sent {
	return packetize(c.payloader(), frames, 300, seq, 90000, step, 90000)
}

// sameFrame compares a received frame with the encoded one: bytes for
// VP8 and VP9; for H.264 the NAL units, as Annex B start codes may be
// rewritten and the payloader leaves out access unit delimiters.
func sameFrame(c realCodec, got, want []byte) bool {
	if c.codec != encode.H264 {
		return bytes.Equal(got, want)
	}
	g, w := nalUnits(got), nalUnits(want)
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		if !bytes.Equal(g[i], w[i]) {
			return false
		}
	}
	return true
}

// nalUnits splits Annex B on its start codes, leaving out delimiters and
// filler.
func nalUnits(b []byte) [][]byte {
	var out [][]byte
	for _, n := range bytes.Split(b, []byte{0, 0, 1}) {
		n = bytes.TrimRight(n, "\x00")
		if len(n) > 0 && n[0]&0x1f != 9 && n[0]&0x1f != 12 {
			out = append(out, n)
		}
	}
	return out
}

func checkReal(t *testing.T, c realCodec, got []Frame, want [][]byte, skip ...int) {
	t.Helper()
	var exp []int
next:
	for i := range want {
		for _, s := range skip {
			if s == i {
				continue next
			}
		}
		exp = append(exp, i)
	}
	if len(got) != len(exp) {
		t.Fatalf("%d frames, want %d", len(got), len(exp))
	}
	for k, i := range exp {
		if !sameFrame(c, got[k].Data, want[i]) {
			t.Fatalf("frame %d (sent as %d) differs: %d bytes, want %d", k, i, len(got[k].Data), len(want[i]))
		}
	}
}

// TestEncodedStreams: real encoders' streams come out whole, in order or
// reordered, keyframes marked and sized.
func TestEncodedStreams(t *testing.T) {
	for _, c := range realCodecs {
		t.Run(c.name, func(t *testing.T) {
			frames := encodeFrames(t, c, 320, 240, 30, 20)
			pkts := realStream(c, frames, 65000)
			if len(pkts) < 2*len(frames) {
				t.Fatalf("only %d packets for %d frames: frames should span several", len(pkts), len(frames))
			}
			t.Run("in order", func(t *testing.T) {
				r := newRecv(t, c.mime)
				r.push(pkts)
				r.flush()
				checkReal(t, c, r.frames, frames)
				for i, f := range r.frames {
					if f.Key != (i == 0 || i == 20) {
						t.Errorf("frame %d: key %v", i, f.Key)
					}
					if f.Key && (f.Width != 320 || f.Height != 240) {
						t.Errorf("keyframe %d: %dx%d, want 320x240", i, f.Width, f.Height)
					}
				}
				if st := r.Stats(); st.Gaps != 0 || st.Dropped != 0 || st.KeyframeRequests != 0 {
					t.Errorf("stats %+v", st)
				}
			})
			t.Run("reordered", func(t *testing.T) {
				re := append([]sent(nil), pkts...)
				for i := 2; i+1 < len(re); i += 3 {
					re[i], re[i+1] = re[i+1], re[i]
				}
				r := newRecv(t, c.mime)
				r.push(re)
				r.flush()
				checkReal(t, c, r.frames, frames)
			})
			t.Run("loss", func(t *testing.T) {
				r := newRecv(t, c.mime)
				r.push(without(pkts, firstOf(pkts, 90000+5*step)+1))
				r.flush()
				checkReal(t, c, r.frames, frames, seq(5, 20)...)
				if st := r.Stats(); st.Gaps != 1 || st.Dropped != 15 || st.KeyframeRequests != 1 {
					t.Errorf("stats %+v; want 1 gap, 15 dropped, 1 request", st)
				}
			})
			t.Run("mid-stream", func(t *testing.T) {
				r := newRecv(t, c.mime)
				r.push(pkts[firstOf(pkts, 90000+3*step)+1:])
				r.flush()
				checkReal(t, c, r.frames, frames, seq(0, 20)...)
				if st := r.Stats(); st.Gaps != 0 || st.KeyframeRequests != 1 {
					t.Errorf("stats %+v", st)
				}
			})
		})
	}
}

// TestKeyframeSize: a sender that changes resolution shows it on the next
// keyframe.
func TestKeyframeSize(t *testing.T) {
	for _, c := range realCodecs {
		t.Run(c.name, func(t *testing.T) {
			frames := append(encodeFrames(t, c, 320, 240, 10), encodeFrames(t, c, 160, 96, 10)...)
			r := newRecv(t, c.mime)
			r.push(packetize(c.payloader(), frames, 400, 1, 0, step, 90000))
			r.flush()
			checkReal(t, c, r.frames, frames)
			for i, want := range map[int][2]int{0: {320, 240}, 10: {160, 96}} {
				if f := r.frames[i]; !f.Key || f.Width != want[0] || f.Height != want[1] {
					t.Errorf("frame %d: key %v, %dx%d, want %dx%d", i, f.Key, f.Width, f.Height, want[0], want[1])
				}
			}
		})
	}
}
