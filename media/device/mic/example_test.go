package mic_test

import (
	"context"
	"fmt"
	"log"

	"github.com/lkbot/lkbot/media/device/mic"
)

// Capture what is played into a PulseAudio sink, such as a screen share's
// audio, by opening the sink's monitor.
func ExampleOpen() {
	ctx := context.Background()
	src, err := mic.Open(ctx, "Monitor of") // or "" for the default microphone
	if err != nil {
		log.Fatal(err) // e.g. no audio server or sound card found (tried PulseAudio and ALSA)
	}
	defer src.Close()

	frame := make([]int16, 960) // 20 ms at 48 kHz, mono
	for range 50 {
		src.Next(frame) // never blocks; silence until audio arrives
	}
	select {
	case <-src.Done():
		fmt.Println("capture ended:", src.Err())
	default:
	}
	fmt.Printf("%+v\n", src.Stats())
}

func ExampleList() {
	devices, err := mic.List(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range devices {
		fmt.Printf("%s\t%s\t%s\n", d.Backend, d.Name, d.Description)
	}
}
