package stats

import (
	"encoding/hex"
	"testing"
	"time"

	"github.com/pion/rtp"
)

func FuzzVP8KeyframeSize(f *testing.F) {
	real, _ := hex.DecodeString("705b009d012a80026801004708858588")
	f.Add(append([]byte{0x10}, real...))
	f.Add(append([]byte{0x90, 0xf0, 0x81, 0x02, 0x03, 0x40}, vp8Keyframe(1280, 720)...))
	f.Add([]byte{0x90, 0x80, 0x80})
	f.Fuzz(func(t *testing.T, payload []byte) {
		w, h, ok := VP8KeyframeSize(payload)
		if ok != (w > 0 && h > 0) || w >= 1<<14 || h >= 1<<14 {
			t.Errorf("VP8KeyframeSize = %d, %d, %v", w, h, ok)
		}
	})
}

func FuzzVP9KeyframeSize(f *testing.F) {
	f.Add(vp9Key320x180)
	f.Add(vp9Inter)
	f.Add([]byte{0x8e, 0x81, 0x02, 0x58, 0x00, 0xa0, 0x00, 0x5a, 0x01, 0x40, 0x00, 0xb4, 0x02, 0x80, 0x01, 0x68, 0x82, 0x49, 0x83, 0x42})
	f.Add([]byte{0x80})
	f.Fuzz(func(t *testing.T, payload []byte) {
		w, h, ok := VP9KeyframeSize(payload)
		if ok != (w > 0 && h > 0) || w > 1<<16 || h > 1<<16 {
			t.Errorf("VP9KeyframeSize = %d, %d, %v", w, h, ok)
		}
	})
}

// FuzzPush feeds every codec's Receiver a packet run decoded from data:
// per packet a sequence step, a timestamp step, a length and the payload.
func FuzzPush(f *testing.F) {
	for _, c := range benchStreams() {
		var seed []byte
		for _, p := range c.payloads {
			seed = append(seed, 1, 1, byte(min(len(p), 255)))
			seed = append(seed, p[:min(len(p), 255)]...)
		}
		f.Add(seed)
	}
	f.Add([]byte{0x80, 0xff, 3, 0x78, 0, 9, 0xff, 0xff, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		receivers := []*Receiver{
			NewReceiver("video/VP8", 90000), NewReceiver("video/VP9", 90000),
			NewReceiver("video/H264", 90000), NewReceiver("audio/opus", 48000),
		}
		var p rtp.Packet
		pushed := uint64(0)
		at := t0
		for len(data) >= 3 {
			p.SequenceNumber += uint16(int8(data[0]))
			p.Timestamp += uint32(data[1]) * 1000
			n := min(int(data[2]), len(data)-3)
			p.Payload = data[3 : 3+n]
			data = data[3+n:]
			at = at.Add(time.Duration(data0(data)) * time.Millisecond)
			for _, r := range receivers {
				r.Push(&p, at)
			}
			pushed++
		}
		for _, r := range receivers {
			s := r.Snapshot(at.Add(time.Second))
			if s.Packets != pushed || s.Width < 0 || s.Height < 0 || s.Frames > pushed || s.Keyframes > s.Frames {
				t.Errorf("%s after %d packets: %+v", s.MimeType, pushed, s)
			}
		}
	})
}

// data0 is the first byte of b, or 0.
func data0(b []byte) byte {
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// FuzzQuality feeds every codec's Receiver a packet run decoded from data,
// per packet: a flags byte (bit 0 marker, bit 1 retransmission, bit 2
// pause, bit 3 resume, bit 4 a sender report), a sequence step, a timestamp step, an arrival step
// in ms, a length and the payload. Whatever arrives, the figures stay
// consistent with each other.
func FuzzQuality(f *testing.F) {
	for _, c := range benchStreams() {
		var seed []byte
		for i, p := range c.payloads {
			seed = append(seed, byte(i%2), 1, byte(i%2)*3, 33, byte(min(len(p), 64)))
			seed = append(seed, p[:min(len(p), 64)]...)
		}
		f.Add(seed)
	}
	f.Add([]byte{1, 1, 3, 33, 2, 0x10, 0x00, 3, 0xfe, 0, 200, 1, 0x00, 2, 3, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		receivers := []*Receiver{
			NewReceiver("video/VP8", 90000), NewReceiver("video/VP9", 90000),
			NewReceiver("video/H264", 90000), NewReceiver("audio/opus", 48000),
		}
		var p rtp.Packet
		at := t0
		for len(data) >= 5 {
			flags := data[0]
			p.SequenceNumber += uint16(int8(data[1]))
			p.Timestamp += uint32(data[2]) * 1000
			at = at.Add(time.Duration(data[3]) * time.Millisecond)
			n := min(int(data[4]), len(data)-5)
			p.Payload, p.Marker = data[5:5+n], flags&1 != 0
			data = data[5+n:]
			for _, r := range receivers {
				switch {
				case flags&4 != 0:
					r.Pause()
				case flags&8 != 0:
					r.Resume()
				}
				if flags&16 != 0 {
					r.PushSenderReport(uint64(flags)<<40|uint64(p.SequenceNumber)<<20, p.Timestamp^uint32(n))
				}
				if flags&2 != 0 {
					r.PushRepair(&p, at)
				} else {
					r.Push(&p, at)
				}
			}
		}
		for _, r := range receivers {
			q, s := r.Quality(), r.Snapshot(at)
			if q.DecodableFrames > q.CompleteFrames || q.Lost != s.Lost || q.LostBeforeRepair != q.Lost+q.Repaired ||
				q.Expected < q.Lost || q.Freezes > q.DecodableFrames || q.FreezeDuration > q.VideoDuration ||
				q.VideoDuration < 0 || q.Latencies > s.Packets || q.FreezeRatio() < 0 || q.FreezeRatio() > 1 || q.HarmonicFPS() < 0 || q.FPS() < 0 {
				t.Errorf("%s: inconsistent %+v", s.MimeType, q)
			}
		}
	})
}
