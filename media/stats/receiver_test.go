package stats

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/pion/rtp"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// vp8Delta is the payload of a VP8 inter frame's first packet, size bytes.
func vp8Delta(size int) []byte {
	p := make([]byte, size)
	p[0], p[1] = 0x10, 0x01
	return p
}

// sender emits a synthetic stream; arrival = send time + delay(frame).
type sender struct {
	clockRate uint32
	seq       uint16
	ts        uint32
	at        time.Time // send time of the next frame
}

// frames pushes n frames at fps, each of perFrame packets of payload.
func (s *sender) frames(r *Receiver, n, fps, perFrame int, payload []byte, delay func(i int) time.Duration) {
	for i := 0; i < n; i++ {
		arrival := s.at
		if delay != nil {
			arrival = arrival.Add(delay(i))
		}
		for k := 0; k < perFrame; k++ {
			r.Push(&rtp.Packet{
				Header:  rtp.Header{SequenceNumber: s.seq, Timestamp: s.ts, Marker: k == perFrame-1},
				Payload: payload,
			}, arrival)
			s.seq++
		}
		s.ts += s.clockRate / uint32(fps)
		s.at = s.at.Add(time.Second / time.Duration(fps))
	}
}

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func TestReceiverRates(t *testing.T) {
	r := NewReceiver("video/VP8", 90000)
	s := sender{clockRate: 90000, seq: 65000, ts: 1 << 31, at: t0}
	steps := []struct {
		name      string
		fps       int // 0: send nothing
		snapAt    time.Duration
		wantFPS   float64
		wantBps   float64
		wantTotal uint64
	}{
		{"first second at 30 fps", 30, time.Second, 30, 30 * 3 * 1000 * 8, 30},
		{"next second at 15 fps", 15, 2 * time.Second, 15, 15 * 3 * 1000 * 8, 45},
		{"same instant repeats", 0, 2 * time.Second, 15, 15 * 3 * 1000 * 8, 45},
		{"idle second", 0, 3 * time.Second, 0, 0, 45},
		{"half second at 60 fps", 60, 3500 * time.Millisecond, 60, 60 * 3 * 1000 * 8, 75},
	}
	for _, st := range steps {
		if st.fps > 0 {
			n := int(float64(st.fps) * (st.snapAt - s.at.Sub(t0)).Seconds())
			s.frames(r, n, st.fps, 3, vp8Delta(1000), nil)
		}
		s.at = t0.Add(st.snapAt)
		got := r.Snapshot(t0.Add(st.snapAt))
		if !near(got.FPS, st.wantFPS, 1e-6) || !near(got.BitrateBps, st.wantBps, 1e-3) || got.Frames != st.wantTotal {
			t.Errorf("%s: fps=%v bitrate=%v frames=%d, want %v, %v, %d",
				st.name, got.FPS, got.BitrateBps, got.Frames, st.wantFPS, st.wantBps, st.wantTotal)
		}
	}
	if got := r.Snapshot(t0); got.FPS != 60 || got.Frames != 75 {
		t.Errorf("snapshot back in time: fps=%v frames=%d, want the previous 60 and 75", got.FPS, got.Frames)
	}
}

func TestReceiverJitter(t *testing.T) {
	alternate := func(d time.Duration) func(int) time.Duration {
		return func(i int) time.Duration { return time.Duration(i%2) * d }
	}
	tests := []struct {
		name      string
		mimeType  string
		clockRate uint32
		fps       int
		delay     func(int) time.Duration
		want, tol float64
	}{
		{"perfect video", "video/VP8", 90000, 30, nil, 0, 0.001},
		{"constant network delay", "video/VP8", 90000, 30, func(int) time.Duration { return 40 * time.Millisecond }, 0, 0.001},
		{"video alternating 10 ms", "video/VP8", 90000, 30, alternate(10 * time.Millisecond), 10, 0.05},
		{"perfect audio", "audio/opus", 48000, 50, nil, 0, 0.001},
		{"audio alternating 4 ms", "audio/opus", 48000, 50, alternate(4 * time.Millisecond), 4, 0.02},
		{"unknown clock rate", "video/VP8", 0, 30, alternate(10 * time.Millisecond), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReceiver(tt.mimeType, tt.clockRate)
			s := sender{clockRate: max(tt.clockRate, 90000), seq: 65500, ts: math.MaxUint32 - 100000, at: t0}
			if tt.clockRate != 0 {
				s.clockRate = tt.clockRate
			}
			s.frames(r, 300, tt.fps, 3, vp8Delta(100), tt.delay)
			if got := r.Snapshot(s.at).JitterMs; !near(got, tt.want, tt.tol) {
				t.Errorf("jitter = %v ms, want %v ± %v", got, tt.want, tt.tol)
			}
		})
	}
}

func TestReceiverFramesAndKeyframes(t *testing.T) {
	sps := spsSpec{profile: 66, refFrames: 1, mbW: 40, mapH: 23, frameMBsOnly: true, crop: [4]uint32{0, 0, 0, 4}}.nalu()
	pps := []byte{0x68, 0xce, 0x3c, 0x80}
	type pkt struct {
		seq     uint16
		ts      uint32
		payload []byte
		at      time.Duration
	}
	tests := []struct {
		name     string
		mimeType string
		pkts     []pkt
		want     Snapshot // FPS, BitrateBps and JitterMs are not compared
	}{
		{"H.264 keyframe counted once per picture", "video/H264", []pkt{
			{1, 3000, stapA(sps, pps), 0},
			{2, 3000, []byte{0x7c, 0x85, 0x88}, 0},
			{3, 3000, []byte{0x7c, 0x45, 0x88}, 0},
			{4, 3000, []byte{0x65, 0x88}, 0}, // second IDR slice
			{5, 6000, []byte{0x41, 0x9a}, 33 * time.Millisecond},
			{6, 9000, []byte{0x65, 0x88}, 66 * time.Millisecond},
		}, Snapshot{MimeType: "video/H264", Packets: 6, Bytes: uint64(len(stapA(sps, pps)) + 12),
			Frames: 3, Keyframes: 2, Width: 640, Height: 360, LastKeyframe: t0.Add(66 * time.Millisecond)}},
		{"late packet of an old frame", "video/vp8", []pkt{
			{10, 100, vp8Delta(10), 0},
			{12, 200, vp8Delta(10), 0},
			{11, 100, vp8Delta(10), 0},
			{13, 200, vp8Delta(10), 0},
		}, Snapshot{MimeType: "video/vp8", Packets: 4, Bytes: 40, Frames: 2}},
		{"padding-only packet", "video/VP8", []pkt{
			{10, 100, vp8Delta(10), 0},
			{11, 100, nil, 0},
			{13, 200, vp8Delta(10), 0},
		}, Snapshot{MimeType: "video/VP8", Packets: 3, Bytes: 20, Frames: 2, Lost: 1}},
		{"audio frames are packets", "audio/opus", []pkt{
			{10, 960, []byte{0xfc, 1, 2}, 0},
			{11, 1920, []byte{0xfc, 1, 2}, 0},
			{12, 1920, []byte{0xfc, 1, 2}, 0},
		}, Snapshot{MimeType: "audio/opus", Packets: 3, Bytes: 9, Frames: 3}},
		{"unknown video codec", "video/AV1", []pkt{
			{10, 100, []byte{0x18, 0}, 0},
			{11, 100, []byte{0x18, 0}, 0},
			{12, 200, []byte{0x18, 0}, 0},
		}, Snapshot{MimeType: "video/AV1", Packets: 3, Bytes: 6, Frames: 2}},
		{"nothing yet", "video/VP9", nil, Snapshot{MimeType: "video/VP9"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReceiver(tt.mimeType, 90000)
			for _, p := range tt.pkts {
				r.Push(&rtp.Packet{Header: rtp.Header{SequenceNumber: p.seq, Timestamp: p.ts}, Payload: p.payload}, t0.Add(p.at))
			}
			r.Push(nil, t0)
			got := r.Snapshot(t0.Add(time.Second))
			got.FPS, got.BitrateBps, got.JitterMs = 0, 0, 0
			if got != tt.want {
				t.Errorf("snapshot\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestReceiverConcurrentSnapshot lets the race detector watch Snapshot
// running beside Push.
func TestReceiverConcurrentSnapshot(t *testing.T) {
	r := NewReceiver("video/VP8", 90000)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s := sender{clockRate: 90000, at: t0}
		s.frames(r, 1000, 30, 2, vp8Delta(100), nil)
	}()
	deadline := time.After(10 * time.Second)
	for i := 0; ; i++ {
		select {
		case <-done:
			if got := r.Snapshot(t0.Add(time.Hour)); got.Packets != 2000 || got.Frames != 1000 || got.Lost != 0 {
				t.Errorf("after concurrent snapshots: %+v", got)
			}
			return
		case <-deadline:
			t.Fatal("pushing 2000 packets took over 10 s")
		default:
			r.Snapshot(t0.Add(time.Duration(i) * time.Millisecond))
		}
	}
}

func TestReceiverPushDoesNotAllocate(t *testing.T) {
	for _, c := range benchStreams() {
		t.Run(c.name, func(t *testing.T) {
			r := NewReceiver(c.mimeType, 90000)
			p := &rtp.Packet{}
			i := 0
			push := func() {
				p.SequenceNumber = uint16(i)
				p.Timestamp = uint32(i/2) * 3000
				p.Payload = c.payloads[i%len(c.payloads)]
				r.Push(p, t0.Add(time.Duration(i)*time.Millisecond))
				i++
			}
			for range 16 {
				push() // let the SPS scratch buffer grow
			}
			if n := testing.AllocsPerRun(200, push); n != 0 {
				t.Errorf("Push allocates %v times per packet", n)
			}
		})
	}
}

func TestSnapshotJSON(t *testing.T) {
	s := Snapshot{
		MimeType: "video/VP8", Packets: 1, Bytes: 2, Lost: 3, Frames: 4, Keyframes: 5,
		Width: 640, Height: 360, FPS: 30, BitrateBps: 1e6, JitterMs: 1.5, LastKeyframe: t0,
	}
	const want = `{"mime_type":"video/VP8","packets":1,"bytes":2,"lost":3,"frames":4,"keyframes":5,` +
		`"width":640,"height":360,"fps":30,"bitrate_bps":1000000,"jitter_ms":1.5,"last_keyframe":"2026-01-02T03:04:05Z"}`
	b, err := json.Marshal(s)
	if err != nil || string(b) != want {
		t.Errorf("json = %s, %v\nwant %s", b, err, want)
	}
	b, _ = json.Marshal(Snapshot{})
	if string(b) != `{"mime_type":"","packets":0,"bytes":0,"lost":0,"frames":0,"keyframes":0,"width":0,"height":0,"fps":0,"bitrate_bps":0,"jitter_ms":0}` {
		t.Errorf("zero snapshot json = %s", b)
	}
}
