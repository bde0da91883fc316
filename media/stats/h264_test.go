package stats

import "testing"

// stapA aggregates NAL units into one STAP-A payload.
func stapA(nalus ...[]byte) []byte {
	out := []byte{0x78} // F=0, NRI=3, type 24
	for _, n := range nalus {
		out = append(out, byte(len(n)>>8), byte(len(n)))
		out = append(out, n...)
	}
	return out
}

func TestH264Inspect(t *testing.T) {
	sps := spsSpec{profile: 66, refFrames: 1, mbW: 40, mapH: 23, frameMBsOnly: true, crop: [4]uint32{0, 0, 0, 4}}.nalu()
	pps := []byte{0x68, 0xce, 0x3c, 0x80}
	idr := []byte{0x65, 0x88, 0x84, 0x00}
	slice := []byte{0x41, 0x9a, 0x00}
	tests := []struct {
		name    string
		payload []byte
		want    frameInfo
	}{
		{"empty", nil, frameInfo{}},
		{"single IDR", idr, frameInfo{keyframe: true}},
		{"single non-IDR slice", slice, frameInfo{}},
		{"single SPS", sps, frameInfo{keyframe: true, width: 640, height: 360}},
		{"STAP-A SPS PPS", stapA(sps, pps), frameInfo{keyframe: true, width: 640, height: 360}},
		{"STAP-A PPS slice", stapA(pps, slice), frameInfo{}},
		{"STAP-A length past end", append(stapA(pps), 0x00, 0x40, 0x65), frameInfo{}},
		{"STAP-A zero length", []byte{0x78, 0, 0, 0x65}, frameInfo{}},
		{"STAP-A garbled SPS", stapA([]byte{0x67, 0xff}), frameInfo{keyframe: true}},
		{"FU-A IDR start", []byte{0x7c, 0x85, 0x88}, frameInfo{keyframe: true}},
		{"FU-A IDR middle", []byte{0x7c, 0x05, 0x88}, frameInfo{}},
		{"FU-A IDR end", []byte{0x7c, 0x45, 0x88}, frameInfo{}},
		{"FU-A slice start", []byte{0x7c, 0x81, 0x9a}, frameInfo{}},
		{"FU-A no header", []byte{0x7c}, frameInfo{}},
		{"FU-B ignored", []byte{0x7d, 0x85, 0, 0}, frameInfo{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h h264Inspector
			if got := h.inspect(tt.payload); got != tt.want {
				t.Errorf("inspect = %+v, want %+v", got, tt.want)
			}
		})
	}
}
