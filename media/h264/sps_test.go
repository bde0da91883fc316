package h264

import (
	"encoding/hex"
	"errors"
	"testing"
)

// validSPS are SPS NAL units with the size and rate they code: openh264
// (constrained baseline, no VUI) and x264 output, so the parser is checked
// against real encoders even without cgo, and synthetic ones for the
// branches encoders rarely take.
var validSPS = []struct {
	name, hex string
	w, h      int
	fps       float64
}{
	{"openh264 720p", "6742c01f8c8d402802d900f08846a0", 1280, 720, 0},
	{"openh264 1080p", "6742c0288c8d403c0112f2c03c2211a8", 1920, 1080, 0},
	{"openh264 180p", "6742c0148c8d40a0cbcf00f08846a0", 320, 180, 0},
	{"x264 high 4:2:0 cropped at 30000/1001", "6764000dacd941419f9f011000003e90000ea600f1429960", 320, 180, 30000.0 / 1001},
	{"x264 4:4:4 odd size at 25", "67f4000c919b282833dc7e0220000003002000000641e28532c0", 318, 178, 25},
	{"high with scaling lists, cropped",
		"6764001fad95d10ae8857442c2320561195d10ae8857442c23205611da05067e74", 320, 180, 0},
	{"4:4:4 interlaced, 12 scaling lists, poc type 1",
		"67f4001f91b2ba215d10ae88584640ac232ba215d10ae88584640ac232ba215d10ae8857442ba215d10ae8857442ba215d10ae8857442ba84657442ba215d10ae8857442ba215d10ae8857442ba215d10ae8857508d0a6284ca283081418c8",
		320, 384, 0},
	{"emulation prevention", "6742001fec0000030020000003020501ec80", 640, 480, 0},
	{"VUI timing 1/60", "6742001eda0507e8400000004000000f2080", 320, 240, 30},
	{"VUI timing 1001/60000", "6742001eda0280f68400000fa40003a98208", 640, 480, 60000.0 / 2002},
	{"implausible VUI timing", "6742001eda0280f68400000004003d090208", 640, 480, 0},
	{"no VUI", "6742001eda0280f640", 640, 480, 0},
}

func TestParseSPS(t *testing.T) {
	for _, tt := range validSPS {
		t.Run(tt.name, func(t *testing.T) {
			nal, err := hex.DecodeString(tt.hex)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseSPS(nal)
			want := SPS{Width: tt.w, Height: tt.h, FPS: tt.fps}
			if err != nil || got != want {
				t.Errorf("ParseSPS = %+v, %v; want %+v, nil", got, err, want)
			}
		})
	}
}

func TestParseSPSErrors(t *testing.T) {
	x264, _ := hex.DecodeString(validSPS[3].hex)
	tests := []struct {
		name string
		nal  []byte
		want error
	}{
		{"empty", nil, ErrNotSPS},
		{"PPS", []byte{0x68, 0xce, 0x3c, 0x80}, ErrNotSPS},
		{"header only", []byte{0x67}, ErrTruncated},
		{"cut before size", x264[:8], ErrTruncated},
		{"overlong exp-Golomb", []byte{0x67, 66, 0, 31, 0, 0, 0, 0, 0, 0}, ErrTruncated},
		{"seq_parameter_set_id 32", []byte{0x67, 66, 0, 31, 0x04, 0x20}, ErrInvalidSPS},
		{"pic_order_cnt_type 3", []byte{0x67, 66, 0, 31, 0xc8}, ErrInvalidSPS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSPS(tt.nal)
			if !errors.Is(err, tt.want) || got != (SPS{}) {
				t.Errorf("ParseSPS = %+v, %v; want error %v", got, err, tt.want)
			}
		})
	}
}

// TestSPSParserReuse checks that a parser gives what ParseSPS gives when
// its buffer still holds a longer SPS, and stops allocating once grown.
func TestSPSParserReuse(t *testing.T) {
	var p SPSParser
	for _, tt := range validSPS { // the long 4:4:4 one comes before shorter ones
		nal, _ := hex.DecodeString(tt.hex)
		got, err := p.Parse(nal)
		want, wantErr := ParseSPS(nal)
		if got != want || err != wantErr {
			t.Errorf("%s: Parse = %+v, %v; ParseSPS = %+v, %v", tt.name, got, err, want, wantErr)
		}
	}
	nal, _ := hex.DecodeString(validSPS[3].hex)
	if n := testing.AllocsPerRun(100, func() { _, _ = p.Parse(nal) }); n != 0 {
		t.Errorf("Parse allocates %v times per call", n)
	}
}
