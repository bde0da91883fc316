package sample_test

import (
	"context"
	"log"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/lkbot/lkbot/media/sample"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
)

// A Player feeds an lksdk LocalTrack. The Writer turns media time, muted
// stretches included, into sample timestamps, so that RTP timestamps keep
// pace with the clock across mutes and loops.
func Example() {
	f, err := sample.Open("talk.ivf", sample.Options{Loop: true})
	if err != nil {
		log.Fatal(err) // e.g. file "talk.ivf": does not start with a keyframe
	}
	defer f.Close()
	track, err := lksdk.NewLocalTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8, ClockRate: 90000})
	if err != nil {
		log.Fatal(err)
	}
	base, at := time.Now(), time.Duration(0)
	p := sample.NewPlayer(f, func(s sample.Sample) error {
		at += s.Skipped
		err := track.WriteSample(media.Sample{Data: s.Data, Duration: s.Duration, Timestamp: base.Add(at)}, nil)
		at += s.Duration
		return err
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.Run(ctx); err != nil {
		log.Fatal(err)
	}
	log.Printf("sent %+v", p.Stats())
}
