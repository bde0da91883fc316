package decode

import (
	"testing"
	"time"

	"github.com/pion/rtp"
)

// FuzzDecode: any bytes into either decoder give a picture or an error,
// never a crash, and a picture's planes match its size.
func FuzzDecode(f *testing.F) {
	for _, c := range []Codec{VP8, VP9} {
		clip := encodedClip(f, c, 64, 64, 2)
		f.Add(uint8(c), clip[0])
		f.Add(uint8(c), clip[1])
	}
	decoders := map[Codec]*Decoder{VP8: newDecoder(f, VP8), VP9: newDecoder(f, VP9)}
	f.Fuzz(func(t *testing.T, codec uint8, data []byte) {
		d := decoders[VP8]
		if codec%2 == 1 {
			d = decoders[VP9]
		}
		img, err := d.Decode(data)
		if err == nil && img != nil && len(img.Y) < img.Rect.Dx()*img.Rect.Dy() {
			t.Fatalf("picture %v with %d luma bytes", img.Rect, len(img.Y))
		}
	})
}

// FuzzAssembler: any packets, in any order, give frames whose data is
// non-empty, never a crash or a hang.
func FuzzAssembler(f *testing.F) {
	f.Add(uint8(8), []byte{0x90, 0x80, 0, 0, 0, 0x10, 1, 2, 3})
	f.Fuzz(func(t *testing.T, codec uint8, data []byte) {
		c := VP8
		if codec%2 == 1 {
			c = VP9
		}
		a := NewAssembler(c, func(fr Frame) {
			if len(fr.Data) == 0 {
				t.Fatal("empty frame")
			}
		})
		now := time.Unix(0, 0)
		// Each record is a packet: sequence number (2 bytes), timestamp (2),
		// marker and time step (1), payload length (1, mod 16), payload.
		for len(data) >= 6 {
			n := min(len(data), 6+int(data[5]%16))
			rec := data[:n]
			data = data[n:]
			p := &rtp.Packet{Header: rtp.Header{SequenceNumber: uint16(rec[0])<<8 | uint16(rec[1]),
				Timestamp: uint32(rec[2])<<8 | uint32(rec[3]), Marker: rec[4]&1 == 1}, Payload: rec[6:]}
			now = now.Add(time.Duration(rec[4]) * 10 * time.Millisecond)
			a.Push(p, now)
		}
	})
}
