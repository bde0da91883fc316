package file

import (
	"math"
	"testing"
)

// sineSource pulls a sine of freq Hz and amplitude amp at rate.
func sineSource(freq, amp float64, rate int) func([]float32) {
	n := 0
	return func(dst []float32) {
		for i := range dst {
			dst[i] = float32(amp * math.Sin(2*math.Pi*freq*float64(n)/float64(rate)))
			n++
		}
	}
}

// toneOf measures a tone's frequency, from its rising zero crossings
// interpolated between samples, and its RMS level.
func toneOf(x []float64, rate int) (freq, rms float64) {
	first, last, crossings := -1.0, -1.0, 0
	for i := 1; i < len(x); i++ {
		if x[i-1] < 0 && x[i] >= 0 {
			at := float64(i-1) + x[i-1]/(x[i-1]-x[i])
			if first < 0 {
				first = at
			}
			last = at
			crossings++
		}
	}
	var sum float64
	for _, v := range x {
		sum += v * v
	}
	if crossings < 2 {
		return 0, math.Sqrt(sum / float64(len(x)))
	}
	return float64(crossings-1) * float64(rate) / (last - first), math.Sqrt(sum / float64(len(x)))
}

// levelAt returns the amplitude of x's component at freq Hz (Goertzel,
// Hann-windowed, so that a neighbouring strong tone leaks little).
func levelAt(x []float64, rate int, freq float64) float64 {
	w := 2 * math.Pi * freq / float64(rate)
	var re, im, wsum float64
	for i, v := range x {
		h := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(len(x)-1))
		re += h * v * math.Cos(w*float64(i))
		im -= h * v * math.Sin(w*float64(i))
		wsum += h
	}
	return 2 * math.Hypot(re, im) / wsum
}

func db(ratio float64) float64 { return 20 * math.Log10(ratio) }

// resampled runs seconds of a tone through a resampler to 48 kHz and
// returns the output after the first 100 ms.
func resampled(t *testing.T, inRate int, freq, amp, seconds float64) []float64 {
	t.Helper()
	r := newResampler(inRate, 48000, sineSource(freq, amp, inRate))
	out := make([]float32, int(seconds*48000))
	// Odd-sized reads, as a caller might make.
	for done := 0; done < len(out); {
		n := min(len(out)-done, 997)
		r.read(out[done:][:n])
		done += n
	}
	x := make([]float64, 0, len(out))
	for _, v := range out[4800:] {
		x = append(x, float64(v))
	}
	return x
}

func TestResampleKeepsToneFrequencyAndLevel(t *testing.T) {
	// 44056 and 7999 Hz have too many phases for a filter bank: they take
	// the interpolated kernel.
	for _, inRate := range []int{44100, 16000, 8000, 22050, 32000, 96000, 48000, 11025, 44056, 7999} {
		x := resampled(t, inRate, 1000, 0.5, 1.1)
		freq, rms := toneOf(x, 48000)
		if math.Abs(freq-1000) > 0.05 {
			t.Errorf("%d Hz to 48 kHz: the tone is at %.3f Hz, want 1000", inRate, freq)
		}
		if d := db(rms / (0.5 / math.Sqrt2)); math.Abs(d) > 0.05 {
			t.Errorf("%d Hz to 48 kHz: the level is off by %.3f dB", inRate, d)
		}
	}
}

func TestResampleRejectsImages(t *testing.T) {
	// Upsampling a 1 kHz tone from 16 kHz must not leave its spectral
	// images at 15 and 17 kHz, nor from 44.1 kHz at 43.1 kHz's mirror
	// 4.9 kHz (which would be an alias).
	for _, tt := range []struct {
		inRate int
		images []float64
	}{{16000, []float64{15000, 17000, 31000}}, {44100, []float64{4900}}, {8000, []float64{7000, 9000}}, {7999, []float64{6999, 8999}}} {
		x := resampled(t, tt.inRate, 1000, 0.5, 1.1)
		tone := levelAt(x, 48000, 1000)
		for _, f := range tt.images {
			if d := db(levelAt(x, 48000, f) / tone); d > -70 {
				t.Errorf("%d Hz to 48 kHz: the image at %.0f Hz is at %.1f dB, want below -70", tt.inRate, f, d)
			}
		}
	}
}

func TestResampleDownsamplingFiltersAliases(t *testing.T) {
	// A 30 kHz tone at 96 kHz is above the 24 kHz output Nyquist
	// frequency: it must be filtered, not folded to 18 kHz.
	x := resampled(t, 96000, 30000, 0.5, 1.1)
	if d := db(levelAt(x, 48000, 18000) / 0.5); d > -70 {
		t.Fatalf("30 kHz at 96 kHz folds to 18 kHz at %.1f dB, want below -70", d)
	}
}

func TestResampleSameRateIsExact(t *testing.T) {
	src := sineSource(1000, 0.5, 48000)
	want := make([]float32, 2000)
	src(want)
	r := newResampler(48000, 48000, sineSource(1000, 0.5, 48000))
	got := make([]float32, 2000)
	r.read(got)
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("sample %d: %v, want %v", i, got[i], want[i])
		}
	}
}

func BenchmarkResample44100To48000(b *testing.B) {
	r := newResampler(44100, 48000, sineSource(1000, 0.5, 44100))
	out := make([]float32, 960)
	b.ReportAllocs()
	for b.Loop() {
		r.read(out)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/20ms")
}
