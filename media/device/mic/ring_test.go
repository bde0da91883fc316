package mic

import (
	"encoding/binary"
	"slices"
	"testing"
)

func pcm(samples ...int16) []byte {
	b := make([]byte, 2*len(samples))
	for i, s := range samples {
		binary.NativeEndian.PutUint16(b[2*i:], uint16(s))
	}
	return b
}

func TestRing(t *testing.T) {
	tests := []struct {
		name   string
		cap    int
		writes [][]int16
		read   int
		want   []int16
		stats  Stats
	}{
		{"exact", 4, [][]int16{{1, 2}, {3}}, 3, []int16{1, 2, 3}, Stats{Captured: 3}},
		{"pads with silence", 4, [][]int16{{1, 2}}, 4, []int16{1, 2, 0, 0}, Stats{Captured: 2, Underruns: 2}},
		{"empty", 4, nil, 2, []int16{0, 0}, Stats{Underruns: 2}},
		{"drops oldest", 4, [][]int16{{1, 2, 3}, {4, 5, 6}}, 4, []int16{3, 4, 5, 6}, Stats{Captured: 6, Overruns: 2}},
		{"write larger than ring", 3, [][]int16{{1, 2, 3, 4, 5}}, 3, []int16{3, 4, 5}, Stats{Captured: 5, Overruns: 2}},
		{"wraps", 4, [][]int16{{1, 2, 3}, {-1}, {4, 5}}, 4, []int16{3, -1, 4, 5}, Stats{Captured: 6, Overruns: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRing(tt.cap, 0, tt.cap)
			for _, w := range tt.writes {
				r.writePCM(pcm(w...))
			}
			got := make([]int16, tt.read)
			for i := range got {
				got[i] = 99 // read must overwrite, padding included
			}
			r.read(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("read %v, want %v", got, tt.want)
			}
			if s := r.snapshot(); s != tt.stats {
				t.Errorf("stats %+v, want %+v", s, tt.stats)
			}
		})
	}
}

func TestRingWrapsAcrossReads(t *testing.T) {
	r := newRing(5, 0, 5)
	var next int16
	var want int16
	for range 50 {
		w := make([]int16, 3)
		for i := range w {
			next++
			w[i] = next
		}
		r.writePCM(pcm(w...))
		got := make([]int16, 3)
		r.read(got)
		for _, g := range got {
			want++
			if g != want {
				t.Fatalf("got %d, want %d", g, want)
			}
		}
	}
	if s := r.snapshot(); s.Overruns != 0 || s.Underruns != 0 {
		t.Fatalf("stats %+v", s)
	}
}

func TestRingPrefill(t *testing.T) {
	r := newRing(100, 6, 50)
	frame := make([]int16, 4)
	r.writePCM(pcm(1, 2, 3, 4, 5))
	r.read(frame) // 5 < prefill: silence, the samples stay
	if !slices.Equal(frame, []int16{0, 0, 0, 0}) {
		t.Fatalf("before prefill: %v", frame)
	}
	r.writePCM(pcm(6))
	r.read(frame)
	if !slices.Equal(frame, []int16{1, 2, 3, 4}) {
		t.Fatalf("after prefill: %v", frame)
	}
	r.read(frame) // underrun: what is left, then silence
	if !slices.Equal(frame, []int16{5, 6, 0, 0}) {
		t.Fatalf("underrun: %v", frame)
	}
	r.writePCM(pcm(7, 8, 9, 10))
	r.read(frame) // primes again before reading
	if !slices.Equal(frame, []int16{0, 0, 0, 0}) {
		t.Fatalf("after underrun: %v", frame)
	}
	if s := r.snapshot(); s != (Stats{Captured: 10, Underruns: 10}) {
		t.Fatalf("stats %+v", s)
	}
}

func TestRingCapsDelay(t *testing.T) {
	r := newRing(100, 2, 10)
	w := make([]int16, 30)
	for i := range w {
		w[i] = int16(i + 1)
	}
	r.writePCM(pcm(w...))
	frame := make([]int16, 4)
	r.read(frame) // keeps prefill+len(frame) at most: the newest 10
	if !slices.Equal(frame, []int16{21, 22, 23, 24}) {
		t.Fatalf("read %v", frame)
	}
	if s := r.snapshot(); s.Overruns != 20 {
		t.Fatalf("stats %+v", s)
	}
}
