//go:build cgo

package stats

import (
	"sync"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/media/impair"
)

// TestRetransmissionsFromLiveKit subscribes, through a 10% loss on its
// incoming RTP, to a real VP8 publish on a real LiveKit server, and feeds
// what pion's TrackRemote.ReadRTP returns to a Receiver, as a load test
// does. It pins down how retransmissions arrive: LiveKit 1.13.5 resends on
// an RTX stream, which pion unwraps into the media SSRC and sequence
// number and marks with webrtc.AttributeRtxSsrc; with that mark the
// Receiver tells loss before retransmission (about the 10% injected) from
// the residual loss (nearly none), and frames stay decodable.
func TestRetransmissionsFromLiveKit(t *testing.T) {
	srv := lktest.Start(t)
	frames := encode(t, realCodecs[0], 640, 360, 60) // a keyframe, then 59 deltas
	const fps, enough = 60, 2000                     // about 9 s: the first seconds hold most of the residual loss

	type result struct {
		q, bare  Quality // bare is told nothing of retransmissions, which it drops
		hasRTX   bool
		repaired int
	}
	done := make(chan result, 1)
	cb := lksdk.NewRoomCallback()
	cb.OnTrackSubscribed = func(track *webrtc.TrackRemote, _ *lksdk.RemoteTrackPublication, _ *lksdk.RemoteParticipant) {
		r := NewReceiver(track.Codec().MimeType, track.Codec().ClockRate)
		bare := NewReceiver(track.Codec().MimeType, track.Codec().ClockRate)
		marked := 0
		go func() { // ends when the track does, at the room's disconnect
			for {
				pkt, attrs, err := track.ReadRTP()
				if err != nil {
					break
				}
				if attrs.Get(webrtc.AttributeRtxSsrc) != nil {
					marked++
					r.PushRepair(pkt, time.Now())
				} else {
					r.Push(pkt, time.Now())
					bare.Push(pkt, time.Now())
				}
				if q := r.Quality(); q.Expected >= enough {
					done <- result{q, bare.Quality(), track.HasRTX(), marked}
					return
				}
			}
		}()
	}
	loss := impair.NewFactory(impair.Spec{In: impair.Link{Loss: 0.10}, Seed: 3})
	sub, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.Token(t, "room", "subscriber"), cb,
		lksdk.WithAutoSubscribe(true), lksdk.WithInterceptors([]interceptor.Factory{loss}), lksdk.WithIncludeDefaultInterceptors(true))
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Disconnect()

	pub, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.Token(t, "room", "publisher"), lksdk.NewRoomCallback())
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Disconnect()
	track, err := lksdk.NewLocalSampleTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8, ClockRate: 90000})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pub.LocalParticipant.PublishTrack(track, &lksdk.TrackPublicationOptions{Name: "camera"}); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	stop := make(chan struct{})
	defer func() { close(stop); wg.Wait() }()
	wg.Add(1)
	go func() { // the publisher: loops the clip at 30 fps until the test ends
		defer wg.Done()
		tick := time.NewTicker(time.Second / fps)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
				_ = track.WriteSample(media.Sample{Data: frames[i%len(frames)], Duration: time.Second / fps}, nil)
			}
		}
	}()

	var got result
	select {
	case got = <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("no %d packets of video within 60 s", enough)
	}
	q := got.q
	t.Logf("RTX negotiated: %v; %d of %d expected lost before retransmission (%.1f%%), %d after (%.2f%%); %d retransmissions marked; %d decodable of %d complete frames, %d without retransmissions",
		got.hasRTX, q.LostBeforeRepair, q.Expected, 100*q.LossBeforeRepairFraction(), q.Lost, 100*q.LossFraction(),
		got.repaired, q.DecodableFrames, q.CompleteFrames, got.bare.DecodableFrames)
	if before := q.LossBeforeRepairFraction(); before < 0.07 || before > 0.13 {
		t.Errorf("loss before retransmission %.1f%%, want 10%% ± 3 points", 100*before)
	}
	if q.LossFraction() > 0.01 {
		t.Errorf("residual loss %.2f%%, want at most 1%%", 100*q.LossFraction())
	}
	if !got.hasRTX || q.Repaired == 0 {
		t.Errorf("RTX negotiated %v, %d repairs counted: retransmissions no longer arrive as pion-unwrapped RTX", got.hasRTX, q.Repaired)
	}
	if q.DecodableFrames <= 2*got.bare.DecodableFrames {
		t.Errorf("%d frames decodable with retransmissions, %d without: they should keep many more chains intact", q.DecodableFrames, got.bare.DecodableFrames)
	}
}
