package synthetic

import (
	"testing"
	"time"
)

// TestNextAtMarksWholeSeconds: over 3 s of 20 ms frames starting off a
// second boundary, the only samples louder than the voice are the marks'
// tones, each starting on a whole second to the sample and preceded by
// silence; in stereo both channels carry them.
func TestNextAtMarksWholeSeconds(t *testing.T) {
	for _, channels := range []int{1, 2} {
		a, err := NewAudioSource(48000, channels)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Unix(1_699_999_999, 960_000_000) // 40 ms before a second
		frame := make([]int16, 960*channels)
		var left []int16
		for f := range 150 {
			a.NextAt(frame, start.Add(time.Duration(f)*20*time.Millisecond))
			for i := 0; i < 960; i++ {
				l, r := frame[i*channels], frame[i*channels+channels-1]
				if l != r {
					t.Fatalf("%d channels: channels differ at frame %d sample %d", channels, f, i)
				}
				left = append(left, l)
			}
		}
		// An onset is a loud sample with none in the 0.5 s before it; the
		// 25 ms before the tone's first 1 ms must be silent.
		var onsets []time.Duration // from start
		lastLoud := -48000
		for i, v := range left {
			if abs(int(v)) <= 22937 { // 0.7 of full scale
				continue
			}
			if i-lastLoud > 24000 {
				onsets = append(onsets, time.Duration(i)*time.Second/48000)
				for j := max(0, i-48-1200); j < i-48; j++ {
					if left[j] != 0 {
						t.Errorf("%d channels: sample %d before the mark at %d is %d, want silence", channels, j, i, left[j])
						break
					}
				}
			}
			lastLoud = i
		}
		// The tone's first loud sample is a few samples into the second:
		// sin reaches 0.7/0.95 after 0.13 ms.
		want := []time.Duration{40 * time.Millisecond, 1040 * time.Millisecond, 2040 * time.Millisecond}
		if len(onsets) != len(want) {
			t.Fatalf("%d channels: marks at %v, want 3 near %v", channels, onsets, want)
		}
		for i, got := range onsets {
			if d := got - want[i]; d < 0 || d > 200*time.Microsecond {
				t.Errorf("%d channels: mark %d at %v, want within 0.2 ms after %v", channels, i, got, want[i])
			}
		}
	}
}

// TestNextAtKeepsTheVoice: away from the marks, NextAt gives the same
// samples as Next.
func TestNextAtKeepsTheVoice(t *testing.T) {
	plain, _ := NewAudioSource(48000, 1)
	marked, _ := NewAudioSource(48000, 1)
	a, b := make([]int16, 960), make([]int16, 960)
	at := time.Unix(1_700_000_000, 100_000_000) // 100 ms into a second
	for f := range 40 {                         // 800 ms: up to 100 ms before the next second
		plain.Next(a)
		marked.NextAt(b, at.Add(time.Duration(f)*20*time.Millisecond))
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("frame %d sample %d: %d with marks, %d without", f, i, b[i], a[i])
			}
		}
	}
}
