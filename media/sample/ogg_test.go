package sample

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestOggOpus(t *testing.T) {
	for _, frameMS := range []string{"20", "60", "2.5"} {
		t.Run(frameMS+"ms", func(t *testing.T) {
			path := encode(t, "x.ogg", "-f", "lavfi", "-i", "sine=frequency=1000", "-t", "2", "-c:a", "libopus", "-frame_duration", frameMS)
			f := mustOpen(t, path, Options{})
			if f.Codec() != "opus" || f.Kind() != "audio" || f.FPS() != 0 {
				t.Errorf("codec %q kind %q fps %v, want opus audio 0", f.Codec(), f.Kind(), f.FPS())
			}
			want := probe(t, path, "-select_streams", "a", "-show_packets", "-show_entries", "packet=duration_time")
			if f.Len() != len(want) {
				t.Fatalf("%d packets, ffprobe shows %d", f.Len(), len(want))
			}
			ms, _ := strconv.ParseFloat(frameMS, 64)
			frame := time.Duration(ms * float64(time.Millisecond))
			for i := 0; i < f.Len(); i++ {
				s, err := f.ReadSample(i, nil)
				if err != nil {
					t.Fatal(err)
				}
				if !s.Key || s.Duration != frame {
					t.Errorf("packet %d: key %v duration %v, want key %v", i, s.Key, s.Duration, frame)
				}
			}
			if d := f.Duration(); d != time.Duration(f.Len())*frame || d < 2*time.Second || d > 2*time.Second+100*time.Millisecond {
				t.Errorf("duration %v for %d packets", d, f.Len())
			}
		})
	}
}

// TestOggPacketAcrossPages checks that a packet continued on the next page
// comes out whole, and that pages of another stream are skipped.
func TestOggPacketAcrossPages(t *testing.T) {
	big := bytes.Repeat([]byte{0xfc, 0x11, 0x22}, 200) // 600 bytes, CELT 20 ms
	small := []byte{0xfc, 0x01}
	head, tags := opusHead(), []byte("OpusTags\x00\x00\x00\x00\x00\x00\x00\x00")
	data := oggPage(oggFirst, 7, 0, lace(len(head)), head)
	data = append(data, oggPage(oggFirst, 9, 0, lace(5), []byte("other"))...)
	data = append(data, oggPage(0, 7, 1, lace(len(tags)), tags)...)
	// 600 = 255 + 255 + 90: the first page ends on a 255, so the packet
	// continues; the next page finishes it and holds another packet.
	data = append(data, oggPage(0, 7, 2, []byte{255, 255}, big[:510])...)
	data = append(data, oggPage(0, 9, 1, lace(3), []byte("xyz"))...)
	data = append(data, oggPage(oggContinued, 7, 3, []byte{90, 2}, append(append([]byte(nil), big[510:]...), small...))...)
	idx, err := parse(bytes.NewReader(data), int64(len(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.entries) != 2 {
		t.Fatalf("%d packets, want 2", len(idx.entries))
	}
	for i, want := range [][]byte{big, small} {
		s, err := readSample(bytes.NewReader(data), idx, i, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(s.Data, want) || s.Duration != 20*time.Millisecond {
			t.Errorf("packet %d: %d bytes lasting %v, want %d bytes", i, len(s.Data), s.Duration, len(want))
		}
	}
}

func TestOggRefused(t *testing.T) {
	good := oggOpus([]byte{0xfc, 0x01}, []byte{0xfc, 0x02})
	vorbis := []byte("\x01vorbis\x00\x00\x00\x00\x02\x44\xac\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xb8\x01")
	surround := opusHead()
	surround[9], surround[18] = 6, 1
	for _, tc := range []struct {
		name string
		data []byte
		want error
		text string
	}{
		{"cut in a page", good[:len(good)-1], ErrTruncated, "needs 2 bytes"},
		{"cut in a page header", good[:len(good)-20], ErrTruncated, "page header"},
		{"headers only", oggOpus(), ErrTruncated, "no frames"},
		{"no tags", oggPage(oggFirst, 1, 0, lace(19), opusHead()), ErrTruncated, "before its Opus headers"},
		{"vorbis", oggPage(oggFirst, 1, 0, lace(len(vorbis)), vorbis), ErrUnsupportedCodec, "Vorbis"},
		{"surround", oggPage(oggFirst, 1, 0, lace(len(surround)), surround), ErrUnsupportedCodec, "6 channels"},
		{"bad TOC", oggOpus([]byte{0xff}), ErrFormat, "invalid TOC"},
		{"garbage after a page", append(oggOpus([]byte{0xfc}), "junk junk junk junk junk junk"...), ErrFormat, "no Ogg page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeTemp(t, "x.ogg", tc.data)
			_, err := Open(p, Options{})
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) || !strings.Contains(err.Error(), p) {
				t.Errorf("error %v, want %v mentioning %q and the file", err, tc.want, tc.text)
			}
		})
	}
}
