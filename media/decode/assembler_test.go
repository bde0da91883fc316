package decode

import (
	"bytes"
	"testing"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
)

// packetise splits an encoded clip into RTP packets of at most 300 bytes
// with pion's payloaders, 33 ms of RTP time apart, the marker on each
// frame's last packet.
func packetise(c Codec, clip [][]byte) [][]*rtp.Packet {
	var pay rtp.Payloader = &codecs.VP8Payloader{EnablePictureID: true}
	if c == VP9 {
		pay = &codecs.VP9Payloader{}
	}
	seq := uint16(65500) // wraps during the clip
	out := make([][]*rtp.Packet, len(clip))
	for i, f := range clip {
		payloads := pay.Payload(300, f)
		for j, p := range payloads {
			out[i] = append(out[i], &rtp.Packet{Header: rtp.Header{SequenceNumber: seq, Timestamp: uint32(i * 2970), Marker: j == len(payloads)-1}, Payload: p})
			seq++
		}
	}
	return out
}

// collect returns an assembler for c that appends to *got.
func collect(c Codec, got *[]Frame) *Assembler {
	return NewAssembler(c, func(f Frame) { *got = append(*got, f) })
}

// TestAssemblerInOrder: each frame comes out whole, byte for byte, with
// its keyframe flag and the arrival of its last packet, across a sequence
// number wrap.
func TestAssemblerInOrder(t *testing.T) {
	for _, c := range []Codec{VP8, VP9} {
		t.Run(c.String(), func(t *testing.T) {
			clip := encodedClip(t, c, 320, 180, 10)
			var got []Frame
			a := collect(c, &got)
			at := t0
			for _, pkts := range packetise(c, clip) {
				for _, p := range pkts {
					at = at.Add(time.Millisecond)
					a.Push(p, at)
				}
				at = at.Add(30 * time.Millisecond)
				if n := len(got); n == 0 || !got[n-1].Arrival.Equal(at.Add(-30*time.Millisecond)) {
					t.Fatalf("frame %d: not out when its last packet arrived (%d frames)", len(got), n)
				}
			}
			checkFrames(t, c, clip, got, nil)
		})
	}
}

// checkFrames checks that got holds every frame of clip but those in
// lost, whole, and that only the frame after a loss is AfterGap.
func checkFrames(t *testing.T, c Codec, clip [][]byte, got []Frame, lost map[int]bool) {
	t.Helper()
	i := 0
	gap := false
	for k, want := range clip {
		if lost[k] {
			gap = true
			continue
		}
		if i >= len(got) {
			t.Fatalf("%d frames, want frame %d", len(got), k)
		}
		f := got[i]
		i++
		if f.Timestamp != uint32(k*2970) || !bytes.Equal(f.Data, want) || f.Keyframe != IsKeyframe(c, want) || f.AfterGap != gap {
			t.Errorf("frame %d: ts %d, %d bytes (want %d), key %v, after gap %v (want %v)", k, f.Timestamp, len(f.Data), len(want), f.Keyframe, f.AfterGap, gap)
		}
		gap = false
	}
	if i != len(got) {
		t.Errorf("%d frames, want %d", len(got), i)
	}
}

// TestAssemblerReorderAndRepair: swapped packets and a packet repaired
// 200 ms late still give every frame; the repaired frame arrives with its
// repair, as the sender-report latency counts it.
func TestAssemblerReorderAndRepair(t *testing.T) {
	clip := encodedClip(t, VP8, 320, 180, 10)
	pkts := packetise(VP8, clip)
	var got []Frame
	a := collect(VP8, &got)
	at := t0
	var held *rtp.Packet
	for i, fp := range pkts {
		if len(fp) >= 2 {
			fp[0], fp[1] = fp[1], fp[0]
		}
		for j, p := range fp {
			if i == 3 && j == len(fp)-1 {
				held = p
				continue
			}
			a.Push(p, at)
		}
		at = at.Add(33 * time.Millisecond)
		if i == 8 {
			a.Push(held, at)
		}
	}
	checkFrames(t, VP8, clip, got, nil)
	if !got[3].Arrival.Equal(t0.Add(9 * 33 * time.Millisecond)) {
		t.Errorf("repaired frame arrived %v, want at its repair", got[3].Arrival.Sub(t0))
	}
}

// TestAssemblerLoss: a packet never repaired costs its frame; the
// assembler gives up within holeWait and marks the next frame AfterGap.
// A frame whose first packet is lost is dropped too.
func TestAssemblerLoss(t *testing.T) {
	for _, drop := range []string{"middle", "first", "last"} {
		t.Run(drop, func(t *testing.T) {
			clip := encodedClip(t, VP8, 320, 180, 30)
			pkts := packetise(VP8, clip)
			var got []Frame
			a := collect(VP8, &got)
			at := t0
			for i, fp := range pkts {
				for j, p := range fp {
					skip := i == 2 && ((drop == "first" && j == 0) || (drop == "last" && j == len(fp)-1) ||
						(drop == "middle" && j == len(fp)/2))
					if !skip {
						a.Push(p, at)
					}
				}
				at = at.Add(33 * time.Millisecond)
			}
			checkFrames(t, VP8, clip, got, map[int]bool{2: true})
		})
	}
}

// TestAssemblerPadding: padding packets between frames are skipped
// without breaking the chain.
func TestAssemblerPadding(t *testing.T) {
	clip := encodedClip(t, VP8, 320, 180, 4)
	pkts := packetise(VP8, clip)
	var got []Frame
	a := collect(VP8, &got)
	var seq uint16 = 1000
	for i, fp := range pkts {
		for _, p := range fp {
			p.SequenceNumber = seq
			seq++
			a.Push(p, t0)
		}
		a.Push(&rtp.Packet{Header: rtp.Header{SequenceNumber: seq, Timestamp: uint32(i * 2970)}}, t0)
		seq++
	}
	checkFrames(t, VP8, clip, got, nil)
}
