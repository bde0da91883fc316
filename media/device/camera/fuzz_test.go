package camera

import (
	"testing"

	"github.com/pion/mediadevices/pkg/frame"

	"github.com/lkbot/lkbot/media/yuv"
)

// FuzzFrame feeds whatever a camera might send, in every format, through
// the driver's decoders and the conversion a Source applies: nothing may
// panic, as a panic would end the process from the reader goroutine.
func FuzzFrame(f *testing.F) {
	f.Add(uint8(0), uint8(4), uint8(2), make([]byte, 12))
	f.Add(uint8(3), uint8(3), uint8(3), make([]byte, 18))
	f.Add(uint8(5), uint8(8), uint8(8), []byte("\xff\xd8\xff\xdb"))
	f.Fuzz(func(t *testing.T, format, w, h uint8, data []byte) {
		ff := formatRank[int(format)%len(formatRank)]
		dec, err := frame.NewDecoder(ff)
		if err != nil {
			t.Fatal(err)
		}
		// Choose only takes positive even sizes for raw formats.
		img, _, err := dec.Decode(data, 2+2*(int(w)%32), 2+2*(int(h)%32))
		if err != nil || img == nil {
			return
		}
		rng := yuv.Limited
		if ff == frame.FormatMJPEG {
			rng = yuv.Full
		}
		convertFrame(nil, img, rng)
	})
}
