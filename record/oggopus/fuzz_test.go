package oggopus

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"
)

// FuzzWrite feeds arbitrary packets at arbitrary times: the writer never
// panics, keeps its granule position from going back, and every page it
// writes has a valid checksum and segment table.
func FuzzWrite(f *testing.F) {
	f.Add([]byte{0xf8, 0xff, 0xfe}, uint16(0), uint16(20))
	f.Add([]byte{0x03, 0x85, 1, 2}, uint16(5000), uint16(1))
	f.Add([]byte{0x4b}, uint16(0), uint16(0))
	f.Fuzz(func(t *testing.T, packet []byte, start, step uint16) {
		var out bytes.Buffer
		w, err := New(&out, "fuzz.ogg", 2, Options{PageInterval: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Duration(start) * time.Millisecond
		for range 20 {
			if err := w.Write(at, packet); err != nil {
				t.Fatal(err)
			}
			at += time.Duration(step) * time.Millisecond
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		var granule uint64
		for b := out.Bytes(); len(b) > 0; {
			if len(b) < 27 || string(b[:4]) != "OggS" || len(b) < 27+int(b[26]) {
				t.Fatalf("not a page: % x", b[:min(len(b), 27)])
			}
			n := 27 + int(b[26])
			for _, l := range b[27:n] {
				n += int(l)
			}
			if n > len(b) {
				t.Fatalf("page of %d bytes, %d left", n, len(b))
			}
			page := append([]byte(nil), b[:n]...)
			want := binary.LittleEndian.Uint32(page[22:])
			copy(page[22:], []byte{0, 0, 0, 0})
			if crc(page) != want {
				t.Fatal("bad page checksum")
			}
			g := binary.LittleEndian.Uint64(page[6:])
			if g < granule {
				t.Fatalf("granule %d after %d", g, granule)
			}
			granule = g
			b = b[n:]
		}
	})
}

// FuzzSamples checks the Opus packet length parser on any input.
func FuzzSamples(f *testing.F) {
	f.Add([]byte{0xfb, 0x83})
	f.Fuzz(func(t *testing.T, p []byte) {
		if n := samples(p); n < 0 || n > 5760 || n%120 != 0 {
			t.Fatalf("%d samples", n)
		}
	})
}
