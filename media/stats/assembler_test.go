package stats

import (
	"testing"
	"time"

	"github.com/pion/rtp"
)

// frameSpec is one frame of a scripted VP8 stream.
type frameSpec struct {
	key  bool
	drop int // index of a packet that never arrives, or -1
	// repairAfter, when drop is set, resends the dropped packet as a
	// retransmission this long after the frame, or never when zero.
	repairAfter time.Duration
}

// playScript pushes frames at 30 fps, 3 packets each, with the drops and
// repairs the script asks for, in arrival order.
func playScript(r *Receiver, script []frameSpec) {
	s := newVP8Stream(30, 3)
	type late struct {
		p  *rtp.Packet
		at time.Time
	}
	var repairs []late
	for _, f := range script {
		at := s.sent
		for len(repairs) > 0 && !repairs[0].at.After(at) {
			r.PushRepair(repairs[0].p, repairs[0].at)
			repairs = repairs[1:]
		}
		for k, p := range s.frame(f.key) {
			if k != f.drop {
				r.Push(p, at)
			} else if f.repairAfter > 0 {
				repairs = append(repairs, late{p, at.Add(f.repairAfter)})
			}
		}
	}
}

// script returns n frames: a keyframe first, then deltas, no loss.
func script(n int) []frameSpec {
	out := make([]frameSpec, n)
	for i := range out {
		out[i] = frameSpec{key: i == 0, drop: -1}
	}
	return out
}

func TestKeyframeChain(t *testing.T) {
	tests := []struct {
		name                          string
		edit                          func(s []frameSpec)
		wantComplete, wantDecodable   uint64
		wantLost, wantBefore, wantRep uint64
	}{
		{
			name:         "clean stream",
			edit:         func([]frameSpec) {},
			wantComplete: 60, wantDecodable: 60,
		},
		{
			name: "a lost packet of a delta frame breaks the chain until the next keyframe",
			edit: func(s []frameSpec) {
				s[10].drop = 1
				s[40].key = true
			},
			// Frames 11 to 39 are complete but undecodable.
			wantComplete: 59, wantDecodable: 30, wantLost: 1, wantBefore: 1,
		},
		{
			name: "a lost first packet breaks it too",
			edit: func(s []frameSpec) {
				s[10].drop = 0
				s[40].key = true
			},
			wantComplete: 59, wantDecodable: 30, wantLost: 1, wantBefore: 1,
		},
		{
			name: "a lost marker packet breaks it too",
			edit: func(s []frameSpec) {
				s[10].drop = 2
				s[40].key = true
			},
			wantComplete: 59, wantDecodable: 30, wantLost: 1, wantBefore: 1,
		},
		{
			name: "without a keyframe the chain stays broken",
			edit: func(s []frameSpec) {
				s[10].drop = 1
			},
			wantComplete: 59, wantDecodable: 10, wantLost: 1, wantBefore: 1,
		},
		{
			name: "a retransmission 100 ms later keeps the chain",
			edit: func(s []frameSpec) {
				s[10].drop, s[10].repairAfter = 1, 100*time.Millisecond
				s[20].drop, s[20].repairAfter = 0, 100*time.Millisecond
			},
			wantComplete: 60, wantDecodable: 60, wantBefore: 2, wantRep: 2,
		},
		{
			name: "a retransmission later than the jitter buffer waits is too late",
			edit: func(s []frameSpec) {
				s[10].drop, s[10].repairAfter = 1, time.Second
			},
			// The frame is given up, so its packet, though it arrives in
			// time for the loss count, does not make it decodable.
			wantComplete: 59, wantDecodable: 10, wantBefore: 1, wantRep: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := script(60)
			tt.edit(s)
			r := NewReceiver("video/VP8", 90000)
			playScript(r, s)
			q := r.Quality()
			if q.CompleteFrames != tt.wantComplete || q.DecodableFrames != tt.wantDecodable {
				t.Errorf("complete %d, decodable %d; want %d, %d", q.CompleteFrames, q.DecodableFrames, tt.wantComplete, tt.wantDecodable)
			}
			if q.Lost != tt.wantLost || q.LostBeforeRepair != tt.wantBefore || q.Repaired != tt.wantRep || q.Expected != 180 {
				t.Errorf("lost %d, before repair %d, repaired %d, expected %d; want %d, %d, %d, 180",
					q.Lost, q.LostBeforeRepair, q.Repaired, q.Expected, tt.wantLost, tt.wantBefore, tt.wantRep)
			}
		})
	}
}

func TestKeyframeNeeded(t *testing.T) {
	r := NewReceiver("video/VP8", 90000)
	s := script(40)
	s[10].drop = 1
	s[30].key = true
	playScript(r, s[:29])
	if !r.KeyframeNeeded() {
		t.Error("a lost packet broke the chain, but no keyframe is needed")
	}
	r = NewReceiver("video/VP8", 90000)
	playScript(r, s)
	if r.KeyframeNeeded() {
		t.Error("a keyframe mended the chain, yet one is still needed")
	}
	if NewReceiver("audio/opus", 48000).KeyframeNeeded() {
		t.Error("audio needs a keyframe")
	}
}

func TestLossBeforeAndAfterRepair(t *testing.T) {
	r := NewReceiver("audio/opus", 48000)
	push := func(seq uint16, repair bool) {
		p := &rtp.Packet{Header: rtp.Header{SequenceNumber: seq, Timestamp: uint32(seq) * 960}, Payload: []byte{0xfc}}
		if repair {
			r.PushRepair(p, t0)
		} else {
			r.Push(p, t0)
		}
	}
	// 100 packets; 10 to 19 lost on the media stream; 10 to 18 come back
	// as retransmissions after later packets; 50 arrives reordered (not a
	// repair); 60 is retransmitted although it was not lost.
	for seq := uint16(0); seq < 100; seq++ {
		switch {
		case seq >= 10 && seq < 20, seq == 50:
		default:
			push(seq, false)
		}
		if seq == 30 {
			for lost := uint16(10); lost < 19; lost++ {
				push(lost, true)
			}
		}
		if seq == 51 {
			push(50, false)
		}
		if seq == 61 {
			push(60, true)
		}
	}
	q := r.Quality()
	want := Quality{Expected: 100, Lost: 1, Repaired: 9, LostBeforeRepair: 10}
	if q.Expected != want.Expected || q.Lost != want.Lost || q.Repaired != want.Repaired || q.LostBeforeRepair != want.LostBeforeRepair {
		t.Errorf("expected %d lost %d repaired %d before repair %d; want %d, %d, %d, %d",
			q.Expected, q.Lost, q.Repaired, q.LostBeforeRepair, want.Expected, want.Lost, want.Repaired, want.LostBeforeRepair)
	}
	if !near(q.LossFraction(), 0.01, 1e-12) || !near(q.LossBeforeRepairFraction(), 0.10, 1e-12) {
		t.Errorf("fractions %v, %v; want 0.01, 0.10", q.LossFraction(), q.LossBeforeRepairFraction())
	}
}

func TestPaddingBetweenFramesKeepsTheChain(t *testing.T) {
	r := NewReceiver("video/VP8", 90000)
	s := newVP8Stream(30, 2)
	for i := 0; i < 30; i++ {
		for _, p := range s.frame(i == 0) {
			r.Push(p, s.sent)
		}
		if i%5 == 0 { // a probe: two padding-only packets of their own numbers
			for range 2 {
				r.Push(&rtp.Packet{Header: rtp.Header{SequenceNumber: s.seq, Timestamp: s.ts - 3000, Padding: true}}, s.sent)
				s.seq++
			}
		}
	}
	if q := r.Quality(); q.DecodableFrames != 30 || q.Lost != 0 {
		t.Errorf("decodable %d lost %d, want 30 and 0", q.DecodableFrames, q.Lost)
	}
}

func TestTimeToFirstFrame(t *testing.T) {
	r := NewReceiver("video/VP8", 90000)
	r.MarkStart(t0.Add(-2 * time.Second))
	s := newVP8Stream(30, 2)
	s.play(r, 10, 0, nil) // a subscription that starts mid-GOP decodes nothing
	if q := r.Quality(); q.TimeToFirstFrame != 0 || !q.FirstFrame.IsZero() || q.CompleteFrames != 10 {
		t.Fatalf("before a keyframe: first frame %v after %v, %d complete", q.FirstFrame, q.TimeToFirstFrame, q.CompleteFrames)
	}
	key := s.sent
	s.play(r, 5, 90, nil)
	q := r.Quality()
	if want := key.Sub(t0) + 2*time.Second; q.TimeToFirstFrame != want || !q.FirstFrame.Equal(key) {
		t.Errorf("first frame at %v after %v, want %v after %v", q.FirstFrame, q.TimeToFirstFrame, key, want)
	}
}

// TestReorderedFrames checks that a frame whose packets arrive after the
// next frame's still counts, in order.
func TestReorderedFrames(t *testing.T) {
	r := NewReceiver("video/VP8", 90000)
	s := newVP8Stream(30, 2)
	for i := 0; i < 10; i++ {
		r.Push(s.frame(i == 0)[0], s.sent) // keep only a frame's first packet...
	}
	s = newVP8Stream(30, 2)
	for i := 0; i < 10; i++ {
		r.Push(s.frame(i == 0)[1], s.sent) // ...then send every second one
	}
	if q := r.Quality(); q.DecodableFrames != 10 || q.Lost != 0 {
		t.Errorf("decodable %d lost %d, want 10 and 0", q.DecodableFrames, q.Lost)
	}
}
