package reception

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/pion/rtp"
)

// FuzzPush: arbitrary packets and sender reports, for every codec, never
// panic, and frame times never go back.
func FuzzPush(f *testing.F) {
	var seed []byte
	for _, s := range vp8Stream(vp8Frames(4, 1500, 320, 240, 0, 2), 65534, 1<<32-2*step) {
		seed = appendOp(seed, s.pkt)
	}
	f.Add(byte(0), seed)
	for _, s := range opusStream(5, 0, 0) {
		seed = appendOp(seed[:0], s.pkt)
	}
	f.Add(byte(3), seed)
	f.Add(byte(2), []byte{0, 0, 0, 0, 0, 0, 0, 0x80, 4, 0x7c, 0x85, 0xb8, 0x00})
	f.Add(byte(1), []byte{1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0})
	f.Fuzz(func(t *testing.T, which byte, data []byte) {
		mime := []string{"video/VP8", "video/VP9", "video/H264", "audio/opus"}[which%4]
		tr, err := New(Params{MimeType: mime, RequestKeyframe: func() {}})
		if err != nil {
			t.Fatal(err)
		}
		var last time.Time
		check := func(frames []Frame) {
			for _, fr := range frames {
				if fr.Wall.Before(last) {
					t.Fatalf("frame time went back: %v after %v", fr.Wall, last)
				}
				last = fr.Wall
			}
		}
		at := t0
		for len(data) >= 8 {
			op, seq, ts, n := data[0], binary.BigEndian.Uint16(data[1:]), binary.BigEndian.Uint32(data[3:]), int(data[7])
			data = data[8:]
			n = min(n, len(data))
			payload := data[:n]
			data = data[n:]
			at = at.Add(time.Duration(op&0x0f) * time.Millisecond)
			if op&0x40 != 0 {
				tr.SenderReport(uint64(ts)<<24|uint64(seq), ts)
				continue
			}
			check(tr.Push(&rtp.Packet{Header: rtp.Header{Version: 2, SequenceNumber: seq, Timestamp: ts, Marker: op&0x80 != 0}, Payload: payload}, at))
		}
		check(tr.Flush())
		if st := tr.Stats(); st.Frames > st.Packets {
			t.Fatalf("more frames than packets: %+v", st)
		}
	})
}

// appendOp encodes a packet as FuzzPush reads it.
func appendOp(b []byte, p *rtp.Packet) []byte {
	op := byte(1)
	if p.Marker {
		op |= 0x80
	}
	b = append(b, op)
	b = binary.BigEndian.AppendUint16(b, p.SequenceNumber)
	b = binary.BigEndian.AppendUint32(b, p.Timestamp)
	n := min(len(p.Payload), 255)
	b = append(b, byte(n))
	return append(b, p.Payload[:n]...)
}
