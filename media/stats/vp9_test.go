package stats

import (
	"encoding/hex"
	"testing"
)

// vp9FrameHeader returns the start of a profile-0 VP9 uncompressed header.
func vp9FrameHeader(key bool, w, h int) []byte {
	var bw bitWriter
	bw.u(2, 2) // frame_marker
	bw.u(2, 0) // profile 0
	bw.u(1, 0) // show_existing_frame
	if !key {
		bw.u(1, 1) // frame_type NON_KEY
		bw.u(2, 2) // show_frame, error_resilient_mode
		return bw.trailing()
	}
	bw.u(1, 0)
	bw.u(2, 2)
	bw.u(24, 0x498342)
	bw.u(3, 1) // CS_BT_601
	bw.u(1, 0) // color_range
	bw.u(16, uint64(w-1))
	bw.u(16, uint64(h-1))
	return bw.trailing()
}

// ss3 is a scalability structure with three spatial layers and sizes.
var ss3 = []byte{
	0x50,                   // N_S=2, Y=1, G=0
	0x01, 0x40, 0x00, 0xb4, // 320x180
	0x02, 0x80, 0x01, 0x68, // 640x360
	0x05, 0x00, 0x02, 0xd0, // 1280x720
}

func TestVP9Inspect(t *testing.T) {
	cat := func(parts ...[]byte) []byte {
		var out []byte
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	key := vp9FrameHeader(true, 960, 540)
	inter := vp9FrameHeader(false, 0, 0)
	// Descriptors: I=1 with 15-bit picture ID, L=1 (SID in bits 3..1),
	// non-flexible so TL0PICIDX follows.
	layer := func(flags byte, sid byte) []byte {
		return []byte{0x80 | 0x20 | flags, 0x81, 0x23, sid << 1, 0x07}
	}
	type step struct {
		payload []byte
		want    frameInfo
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"SVC key picture then delta", []step{
			{cat(layer(vp9B|vp9V, 0), ss3, key), frameInfo{keyframe: true, width: 320, height: 180}},
			{cat(layer(vp9B, 1), inter), frameInfo{width: 640, height: 360}},
			{cat(layer(vp9B|vp9E, 2), inter), frameInfo{width: 1280, height: 720}},
			{cat(layer(vp9P|vp9B, 0), inter), frameInfo{width: 320, height: 180}},
			{cat(layer(vp9P, 0), inter), frameInfo{}},
		}},
		{"keyframe header without SS", []step{
			{cat([]byte{vp9B}, key), frameInfo{keyframe: true, width: 960, height: 540}},
		}},
		{"P=0 but header says inter", []step{
			{cat([]byte{0x98, 0x80, 0x01}, inter), frameInfo{}},
		}},
		{"P=0 with unparseable header trusts P", []step{
			{[]byte{vp9B, 0x00}, frameInfo{keyframe: true}},
		}},
		{"flexible with P_DIFFs and SS", []step{
			{cat([]byte{0xd8 | vp9V, 0x05, 0x03, 0x05, 0x02}, ss3, inter), frameInfo{width: 320, height: 180}},
		}},
		{"SS with picture group", []step{
			// N_S=0, Y=0, G=1; N_G=2: R=1 then R=2 P_DIFFs.
			{cat([]byte{vp9B | vp9V, 0x08, 0x02, 0x14, 0x01, 0x18, 0x01, 0x02}, key), frameInfo{keyframe: true, width: 960, height: 540}},
		}},
		{"truncated SS is ignored", []step{
			{cat(layer(vp9B|vp9V, 0), ss3[:7]), frameInfo{}},
			{cat(layer(vp9B, 1), inter), frameInfo{}},
		}},
		{"truncated descriptors", []step{
			{nil, frameInfo{}},
			{[]byte{vp9B | vp9I}, frameInfo{}},
			{[]byte{vp9B | vp9I, 0x80}, frameInfo{}},
			{[]byte{vp9B | vp9L}, frameInfo{}},
			{[]byte{vp9B | vp9L, 0x00}, frameInfo{}},
			{[]byte{vp9I | vp9P | vp9F | vp9B, 0x05, 0x03}, frameInfo{}},
			{[]byte{vp9B | vp9V}, frameInfo{}},
			{[]byte{vp9B | vp9V, 0x10, 0x01}, frameInfo{}},
			{[]byte{vp9B | vp9V, 0x08}, frameInfo{}},
			{[]byte{vp9B | vp9V, 0x08, 0x01, 0x14}, frameInfo{}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v vp9Inspector
			for i, s := range tt.steps {
				if got := v.inspect(s.payload); got != s.want {
					t.Errorf("step %d: inspect = %+v, want %+v", i, got, s.want)
				}
			}
		})
	}
}

// The first RTP payloads of a 320x180 keyframe and of the inter frame after
// it, as lkbot sends them: its libvpx VP9 encoder, pion's non-flexible
// VP9Payloader (picture ID 0x1234, a scalability structure on keyframes).
var (
	vp9Key320x180 = mustHex("8b923418014000b4011401834983422013f00b3050e090706360001f405f7fdfc4fff47bd77bfc3a")
	vp9Inter      = mustHex("cd92358701024b191c120e0cb81bcf8080b0180f26b10482")
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// TestVP9KeyframeSize reads the size of what lkbot sends from the
// scalability structure, and says no to an inter frame or a cut packet.
func TestVP9KeyframeSize(t *testing.T) {
	if w, h, ok := VP9KeyframeSize(vp9Key320x180); !ok || w != 320 || h != 180 {
		t.Errorf("keyframe: %dx%d %v, want 320x180", w, h, ok)
	}
	if _, _, ok := VP9KeyframeSize(vp9Inter); ok {
		t.Error("inter frame read as a keyframe")
	}
	if _, _, ok := VP9KeyframeSize(vp9Key320x180[:6]); ok {
		t.Error("a packet cut inside the scalability structure gave a size")
	}
}
