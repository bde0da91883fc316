package webm

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// FuzzAVCConfig checks that AVCConfig never panics and that what it
// returns is a well-formed avcC record holding the parameter sets given.
func FuzzAVCConfig(f *testing.F) {
	f.Add([]byte{0x67, 0x42, 0xc0, 0x1e, 0xda, 0x02, 0x80}, []byte{0x68, 0xce, 0x3c, 0x80}, uint8(1))
	f.Add([]byte{0x67, 0x64}, []byte{0x68}, uint8(2))
	f.Fuzz(func(t *testing.T, sps, pps []byte, copies uint8) {
		var ss, ps [][]byte
		for range copies % 40 {
			ss, ps = append(ss, sps), append(ps, pps)
		}
		c, err := AVCConfig(ss, ps)
		if err != nil {
			if !errors.Is(err, ErrAVCConfig) {
				t.Fatalf("error %v does not wrap ErrAVCConfig", err)
			}
			return
		}
		if c[0] != 1 || !bytes.Equal(c[1:4], sps[1:4]) || c[4] != 0xff || int(c[5]&0x1f) != len(ss) {
			t.Fatalf("avcC header % x for SPS % x", c[:6], sps)
		}
		rest := c[6:]
		for _, want := range ss {
			if len(rest) < 2 || int(binary.BigEndian.Uint16(rest)) != len(want) || !bytes.Equal(rest[2:2+len(want)], want) {
				t.Fatal("SPS not stored as given")
			}
			rest = rest[2+len(want):]
		}
		if int(rest[0]) != len(ps) {
			t.Fatalf("%d PPS, want %d", rest[0], len(ps))
		}
		rest = rest[1:]
		for _, want := range ps {
			if len(rest) < 2 || int(binary.BigEndian.Uint16(rest)) != len(want) || !bytes.Equal(rest[2:2+len(want)], want) {
				t.Fatal("PPS not stored as given")
			}
			rest = rest[2+len(want):]
		}
		switch sps[1] {
		case 100, 110, 122, 144:
			if len(rest) != 4 || rest[0]&0xfc != 0xfc || rest[1]&0xf8 != 0xf8 || rest[2]&0xf8 != 0xf8 || rest[3] != 0 {
				t.Fatalf("high profile extension % x", rest)
			}
		default:
			if len(rest) != 0 {
				t.Fatalf("%d bytes after the last PPS", len(rest))
			}
		}
	})
}

// FuzzAnnexBToAVCC checks the Annex-B to length-prefixed conversion: it
// never panics, avccLen predicts its size, every unit is whole and holds
// no start code and no trailing zero, and converting back and forth is
// stable.
func FuzzAnnexBToAVCC(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xce, 0, 0, 1, 0x65, 0x88, 0x84, 0})
	f.Add([]byte{0, 0, 1})
	f.Add([]byte{1, 2, 3, 0, 0, 1, 0, 0, 0, 0, 1, 5})
	f.Fuzz(func(t *testing.T, au []byte) {
		out := appendAVCC(nil, au)
		if len(out) != avccLen(au) {
			t.Fatalf("avccLen %d, appendAVCC wrote %d", avccLen(au), len(out))
		}
		var back []byte
		for rest := out; len(rest) > 0; {
			if len(rest) < 4 {
				t.Fatalf("%d bytes left, not a length", len(rest))
			}
			n := int(binary.BigEndian.Uint32(rest))
			if n == 0 || n > len(rest)-4 {
				t.Fatalf("unit of %d bytes with %d left", n, len(rest)-4)
			}
			nal := rest[4 : 4+n]
			if nal[n-1] == 0 || bytes.Contains(nal, []byte{0, 0, 1}) {
				t.Fatalf("unit % x ends in zero or holds a start code", nal)
			}
			back = append(append(back, 0, 0, 0, 1), nal...)
			rest = rest[4+n:]
		}
		if again := appendAVCC(nil, back); !bytes.Equal(again, out) {
			t.Fatalf("round trip changed the units:\n% x\n% x", out, again)
		}
	})
}

// FuzzKeyframeSize checks the VP8, VP9 and H.264 keyframe size readers on
// any input.
func FuzzKeyframeSize(f *testing.F) {
	f.Add("vp8", []byte{0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00})
	f.Add("vp9", []byte{0x82, 0x49, 0x83, 0x42, 0x00, 0x13, 0xf0, 0x0e, 0xf6})
	f.Add("h264", []byte{0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0xda, 0x02, 0x80, 0xbf, 0xe5})
	f.Fuzz(func(t *testing.T, codec string, frame []byte) {
		w, h, ok := keyframeSize(codec, frame)
		if ok && (w <= 0 || h <= 0 || w > 1<<17 || h > 1<<17) {
			t.Fatalf("%s size %dx%d", codec, w, h)
		}
	})
}
