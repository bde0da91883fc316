package stats

import "testing"

// vp8Keyframe returns the first 10 bytes of a VP8 keyframe of w x h, with
// scale bits set to check that they are masked.
func vp8Keyframe(w, h int) []byte {
	return []byte{0x50, 0x2d, 0x00, 0x9d, 0x01, 0x2a,
		byte(w), byte(w>>8) | 0x40, byte(h), byte(h>>8) | 0x80}
}

func TestVP8KeyframeSize(t *testing.T) {
	key := vp8Keyframe(1280, 720)
	cat := func(parts ...[]byte) []byte {
		var out []byte
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	delta := cat([]byte{0x10}, key)
	delta[1] |= 0x01
	badStart := cat([]byte{0x10}, key)
	badStart[5] = 0x00
	tests := []struct {
		name    string
		payload []byte
		w, h    int
		ok      bool
	}{
		{"no extension", cat([]byte{0x10}, key), 1280, 720, true},
		{"7-bit picture ID", cat([]byte{0x90, 0x80, 0x05}, key), 1280, 720, true},
		{"15-bit picture ID", cat([]byte{0x90, 0x80, 0x92, 0x34}, key), 1280, 720, true},
		{"I L T K", cat([]byte{0x90, 0xf0, 0x81, 0x02, 0x03, 0x40}, key), 1280, 720, true},
		{"L only", cat([]byte{0x90, 0x40, 0x07}, key), 1280, 720, true},
		{"K only", cat([]byte{0x90, 0x10, 0x07}, key), 1280, 720, true},
		{"odd size", cat([]byte{0x10}, vp8Keyframe(1917, 1079)), 1917, 1079, true},
		{"not partition start", cat([]byte{0x00}, key), 0, 0, false},
		{"partition 1", cat([]byte{0x11}, key), 0, 0, false},
		{"delta frame", delta, 0, 0, false},
		{"bad start code", badStart, 0, 0, false},
		{"zero size", cat([]byte{0x10}, vp8Keyframe(0, 720)), 0, 0, false},
		{"frame header cut", cat([]byte{0x10}, key[:9]), 0, 0, false},
		{"empty", nil, 0, 0, false},
		{"X without extension byte", []byte{0x90}, 0, 0, false},
		{"I without picture ID", []byte{0x90, 0x80}, 0, 0, false},
		{"M without second byte", []byte{0x90, 0x80, 0x80}, 0, 0, false},
		{"T without its byte", []byte{0x90, 0x20}, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h, ok := VP8KeyframeSize(tt.payload)
			if w != tt.w || h != tt.h || ok != tt.ok {
				t.Errorf("VP8KeyframeSize = %d, %d, %v; want %d, %d, %v", w, h, ok, tt.w, tt.h, tt.ok)
			}
		})
	}
}
