package webm_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/lkbot/lkbot/record/webm"
)

// A participant's camera and microphone go into one file. Blocks come in
// as their tracks deliver them, each with its media time; the writer puts
// them in time order.
func Example() {
	dir, err := os.MkdirTemp("", "webm")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	w, err := webm.Create(filepath.Join(dir, "alice.webm"), []webm.Track{
		{Codec: "vp8", Width: 320, Height: 240},
		{Codec: "opus"},
	}, webm.Options{})
	if err != nil {
		log.Fatal(err)
	}
	// A VP8 keyframe header for 320x240; a real frame goes on with its
	// partitions.
	key := []byte{0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00}
	silence := []byte{0xf8, 0xff, 0xfe} // 20 ms of Opus
	// 25 fps video and 20 ms audio packets, each written when it is due.
	for ms := 0; ms < 1000; ms += 20 {
		at := time.Duration(ms) * time.Millisecond
		if ms%40 == 0 {
			if err := w.Write(0, at, ms == 0, key); err != nil {
				log.Fatal(err)
			}
		}
		if err := w.Write(1, at, true, silence); err != nil {
			log.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	st := w.Stats()
	fmt.Println(st.Blocks, "blocks,", st.Dropped, "dropped,", st.Duration)
	// Output: 75 blocks, 0 dropped, 1s
}
