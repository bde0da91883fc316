package oggopus_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/lkbot/lkbot/record/oggopus"
)

// Packets go in at their media time; the 1 s mute in the middle is filled
// with silence so that the file keeps time.
func Example() {
	dir, err := os.MkdirTemp("", "oggopus")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	w, err := oggopus.Create(filepath.Join(dir, "mic.ogg"), 2, oggopus.Options{})
	if err != nil {
		log.Fatal(err)
	}
	packet := []byte{0xf8, 0xff, 0xfe} // one 20 ms frame, as an encoder gives
	for i := range 100 {
		at := time.Duration(i) * 20 * time.Millisecond
		if i >= 50 {
			at += time.Second // muted after 1 s, for 1 s
		}
		if err := w.Write(at, packet); err != nil {
			log.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	st := w.Stats()
	fmt.Println(st.Packets, "packets,", st.Silent, "silent,", st.Duration)
	// Output: 100 packets, 50 silent, 3s
}
