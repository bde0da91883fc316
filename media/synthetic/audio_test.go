package synthetic

import (
	"errors"
	"math"
	"slices"
	"testing"
)

func TestNewAudioSourceValidates(t *testing.T) {
	tests := []struct {
		name     string
		rate, ch int
		want     error
	}{
		{"opus mono", 48000, 1, nil},
		{"opus stereo", 48000, 2, nil},
		{"narrowband", 8000, 1, nil},
		{"too slow", 7999, 1, ErrSampleRate},
		{"too fast", 192000, 1, ErrSampleRate},
		{"no channels", 48000, 0, ErrChannels},
		{"surround", 48000, 6, ErrChannels},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewAudioSource(tt.rate, tt.ch); !errors.Is(err, tt.want) {
				t.Errorf("NewAudioSource(%d, %d) error = %v, want %v", tt.rate, tt.ch, err, tt.want)
			}
		})
	}
}

// speech returns the first seconds of a 48 kHz mono source, in 20 ms
// frames, and the Level the source reported for each.
func speech(t *testing.T, seconds int) ([][]int16, []float64) {
	t.Helper()
	a, err := NewAudioSource(48000, 1)
	if err != nil {
		t.Fatal(err)
	}
	frames := make([][]int16, 50*seconds)
	levels := make([]float64, len(frames))
	for i := range frames {
		frames[i] = make([]int16, 960)
		a.Next(frames[i])
		levels[i] = a.Level()
	}
	return frames, levels
}

func TestAudioTalksAndPauses(t *testing.T) {
	frames, levels := speech(t, 10)
	var talking, silent, pauses, run int
	for i, f := range frames {
		r := rms(f)
		if math.Abs(levels[i]-r) > 1e-9 {
			t.Fatalf("frame %d: Level() = %v, want %v", i, levels[i], r)
		}
		if peak := slices.Max(f); peak >= 32000 || -slices.Min(f) >= 32000 {
			t.Fatalf("frame %d peaks at %d/%d, near clipping", i, slices.Min(f), peak)
		}
		switch {
		case r > 0.02: // -34 dBFS: somebody talking
			talking++
			run = 0
		case r < 1e-4: // -80 dBFS: nobody
			silent++
			if run++; run == 25 { // a 0.5 s pause
				pauses++
			}
		default:
			run = 0
		}
	}
	t.Logf("of %d frames: %d talking, %d silent, %d pauses", len(frames), talking, silent, pauses)
	if talking < len(frames)/3 || silent < len(frames)/8 {
		t.Errorf("%d of %d frames talk and %d are silent; want a third and an eighth at least", talking, len(frames), silent)
	}
	if pauses < 2 || pauses > 7 {
		t.Errorf("%d pauses of 0.5 s or more in 10 s, want 2 to 7", pauses)
	}
}

func TestAudioPitchWanders(t *testing.T) {
	frames, _ := speech(t, 10)
	pcm := slices.Concat(frames...)
	var pitches []float64
	const window = 1024 + 48000/pitchLow
	for i := 0; i+window < len(pcm); i += 48000 / 8 {
		w := pcm[i : i+window]
		if rms(w) < 0.05 {
			continue // between or at the edge of syllables
		}
		pitches = append(pitches, pitch(w, 48000))
	}
	if len(pitches) < 10 {
		t.Fatalf("only %d voiced windows in 10 s", len(pitches))
	}
	lo, hi := slices.Min(pitches), slices.Max(pitches)
	t.Logf("pitch of %d voiced windows from %.0f to %.0f Hz", len(pitches), lo, hi)
	if lo < pitchLow || hi > pitchHigh {
		t.Errorf("pitch ranges from %.0f to %.0f Hz, want within 90 to 260", lo, hi)
	}
	if hi-lo < 50 {
		t.Errorf("pitch ranges only from %.0f to %.0f Hz, want it to wander 50 Hz or more", lo, hi)
	}
}

func TestAudioSyllableRate(t *testing.T) {
	// The loudness envelope, one value per 10 ms, should swing at the
	// syllable rate: its strongest component from 1 to 10 Hz lies at 2 to 6.
	a, err := NewAudioSource(48000, 1)
	if err != nil {
		t.Fatal(err)
	}
	env := make([]float64, 2000)
	buf := make([]int16, 480)
	for i := range env {
		a.Next(buf)
		env[i] = a.Level()
	}
	var peak, peakHz float64
	for hz := 1.0; hz <= 10; hz += 0.1 {
		var re, im float64
		for i, e := range env {
			s, c := math.Sincos(2 * math.Pi * hz * float64(i) / 100)
			re += e * c
			im += e * s
		}
		if p := re*re + im*im; p > peak {
			peak, peakHz = p, hz
		}
	}
	if peakHz < 2 || peakHz > 6 {
		t.Errorf("loudness swings fastest at %.1f Hz, want a syllable rate of 2 to 6 Hz", peakHz)
	}
}

// The pitch search range, a little wider than the voice's 100 to 250 Hz.
const pitchLow, pitchHigh = 90, 260

// pitch estimates the fundamental of x as the shortest lag whose normalised
// autocorrelation is near the best, between pitchLow and pitchHigh.
func pitch(x []int16, rate int) float64 {
	minLag, maxLag := rate/pitchHigh, rate/pitchLow
	n := len(x) - maxLag
	corr := make([]float64, maxLag+1)
	best := 0.0
	for lag := minLag; lag <= maxLag; lag++ {
		var xy, xx, yy float64
		for i := range n {
			a, b := float64(x[i]), float64(x[i+lag])
			xy += a * b
			xx += a * a
			yy += b * b
		}
		corr[lag] = xy / math.Sqrt(xx*yy)
		best = max(best, corr[lag])
	}
	for lag := minLag; lag <= maxLag; lag++ {
		if corr[lag] >= 0.9*best {
			return float64(rate) / float64(lag)
		}
	}
	return 0
}

func rms(x []int16) float64 {
	var sum float64
	for _, v := range x {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum/float64(len(x))) / 32768
}

func TestAudioRepeatsAndFillsChannels(t *testing.T) {
	mono, err := NewAudioSource(48000, 1)
	if err != nil {
		t.Fatal(err)
	}
	stereo, err := NewAudioSource(48000, 2)
	if err != nil {
		t.Fatal(err)
	}
	m, s := make([]int16, 960), make([]int16, 2*960+1)
	for range 100 {
		s[len(s)-1] = 1
		mono.Next(m)
		stereo.Next(s)
		for i, v := range m {
			if s[2*i] != v || s[2*i+1] != v {
				t.Fatalf("stereo sample %d = %d/%d, want %d on both channels", i, s[2*i], s[2*i+1], v)
			}
		}
		if s[len(s)-1] != 0 {
			t.Fatal("trailing partial frame not zeroed")
		}
	}
}

func BenchmarkAudioNext(b *testing.B) {
	a, err := NewAudioSource(48000, 1)
	if err != nil {
		b.Fatal(err)
	}
	pcm := make([]int16, 960)
	for b.Loop() {
		a.Next(pcm)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1000/float64(b.N), "us/20ms")
}
