package crossbuild

import (
	"encoding/hex"
	"testing"
)

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The samples are what ffmpeg's libvpx and libx264 wrote for one 320x180
// frame.
func TestVP8KeyframeSize(t *testing.T) {
	key := mustHex(t, "3051009d012a4001b4000047088585888584880202")
	if w, h, ok := vp8KeyframeSize(key); !ok || w != 320 || h != 180 {
		t.Errorf("keyframe: got %dx%d ok=%v, want 320x180", w, h, ok)
	}
	inter := append([]byte{key[0] | 1}, key[1:]...)
	if _, _, ok := vp8KeyframeSize(inter); ok {
		t.Error("an interframe read as a keyframe")
	}
	if _, _, ok := vp8KeyframeSize(key[:5]); ok {
		t.Error("a short frame read as a keyframe")
	}
}

func TestH264SPSSize(t *testing.T) {
	for name, sps := range map[string]string{
		"baseline": "6742c00bd901419f9f011000000300100000030140f142a480",
		"high":     "6764000cacd941419f9f011000000300100000030140f1429960",
	} {
		stream := append([]byte{0, 0, 0, 1}, mustHex(t, sps)...)
		stream = append(stream, 0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80)
		nals := annexBNALs(stream)
		if len(nals) != 2 || nals[0][0]&0x1f != 7 || nals[1][0]&0x1f != 8 {
			t.Fatalf("%s: split into %d NAL units: %x", name, len(nals), nals)
		}
		w, h, err := h264SPSSize(nals[0])
		if err != nil || w != 320 || h != 180 {
			t.Errorf("%s: got %dx%d, %v; want 320x180", name, w, h, err)
		}
	}
	if _, _, err := h264SPSSize([]byte{0x68, 1, 2, 3}); err == nil {
		t.Error("a PPS read as an SPS")
	}
	if _, _, err := h264SPSSize(mustHex(t, "6742c00bd9")); err == nil {
		t.Error("a truncated SPS gave a size")
	}
}
