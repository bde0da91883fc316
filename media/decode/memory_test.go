package decode

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// rssBytes returns the process's resident memory from /proc.
func rssBytes(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("no /proc/self/statm:", err)
	}
	f := strings.Fields(string(b))
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return pages * int64(os.Getpagesize())
}

// TestCloseFreesCMemory: Close returns every byte libvpx and the wrapper
// allocated. 300 decoders that each decode a keyframe would hold about
// 200 MB of frame buffers if Close leaked them; resident memory may grow
// by a fraction of that only.
func TestCloseFreesCMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates a few hundred MB if it fails")
	}
	clip := encodedClip(t, VP9, 320, 180, 1)
	cycle := func() {
		d, err := NewDecoder(VP9)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Decode(clip[0]); err != nil {
			t.Fatal(err)
		}
		d.Close()
	}
	for range 20 { // let malloc and the Go heap reach their working size
		cycle()
	}
	runtime.GC()
	before := rssBytes(t)
	for range 300 {
		cycle()
	}
	runtime.GC()
	grew := rssBytes(t) - before
	t.Logf("resident memory grew by %d kB over 300 decoders", grew/1024)
	if grew > 40<<20 {
		t.Errorf("resident memory grew by %d MB over 300 decoders: Close leaks", grew>>20)
	}
}
