package webm

import (
	"bytes"
	"errors"
	"testing"
)

// TestAVCConfigFFmpeg compares AVCConfig with the avcC record ffmpeg
// writes into Matroska for the same stream, baseline and high profile.
func TestAVCConfigFFmpeg(t *testing.T) {
	for _, tc := range []struct{ profile, pixFmt string }{
		{"baseline", "yuv420p"}, {"high", "yuv420p"}, {"high444", "yuv444p"},
	} {
		t.Run(tc.profile, func(t *testing.T) {
			es := encode(t, "v.h264", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "0.2", "-bf", "0",
				"-c:v", "libx264", "-profile:v", tc.profile, "-pix_fmt", tc.pixFmt, "-f", "h264")
			sps, pps := parameterSets(frames(t, es)[0].data)
			got, err := AVCConfig(sps, pps)
			if err != nil {
				t.Fatal(err)
			}
			mkv := encode(t, "v.mkv", "-fflags", "+genpts", "-r", "30", "-i", es, "-c", "copy")
			if !bytes.Contains([]byte(readAll(t, mkv)), got) {
				t.Errorf("avcC % x is not the one ffmpeg wrote", got)
			}
		})
	}
}

func TestAVCConfigErrors(t *testing.T) {
	sps := []byte{0x67, 0x42, 0xc0, 0x1e, 0xda}
	pps := []byte{0x68, 0xce}
	for _, tc := range []struct {
		name     string
		sps, pps [][]byte
	}{
		{"no SPS", nil, [][]byte{pps}},
		{"no PPS", [][]byte{sps}, nil},
		{"PPS as SPS", [][]byte{pps}, [][]byte{pps}},
		{"short SPS", [][]byte{sps[:3]}, [][]byte{pps}},
	} {
		if _, err := AVCConfig(tc.sps, tc.pps); !errors.Is(err, ErrAVCConfig) {
			t.Errorf("%s: %v, want ErrAVCConfig", tc.name, err)
		}
	}
}
