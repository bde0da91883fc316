package synthetic

import (
	"math"
	"math/rand/v2"
)

// vowels are first and second formant frequencies in Hz of a, e, i, o, u.
var vowels = [...][2]float64{{730, 1090}, {530, 1840}, {270, 2290}, {570, 840}, {300, 870}}

// voice is the prosody of AudioSource: when it talks, which syllable it is
// in, and the pitch and spectrum of the tone it is voicing.
type voice struct {
	rate float64

	talking  bool
	left     int // samples left in this sentence, or in this pause
	sentence int // samples the sentence was planned to last
	base     float64

	pos, length int     // sample position in the syllable, and its length
	burstLen    int     // samples of consonant noise at the syllable start
	gain        float64 // loudness of the syllable
	envPhase    uint32  // sweeps half a sine wave over the syllable
	envInc      uint32

	tick                   int // samples until the next control update
	f0, f1, f2             float64
	f0Goal, f1Goal, f2Goal float64
	phase, phaseInc        uint32
	amp                    [harmonics]float32
}

// advance moves on by one sample and reports whether the voice is talking.
func (v *voice) advance(rng *rand.Rand) bool {
	v.left--
	if !v.talking {
		if v.left <= 0 {
			v.startSentence(rng)
		}
		return v.talking
	}
	v.pos++
	v.envPhase += v.envInc
	if v.pos >= v.length {
		if v.left <= 0 {
			v.startPause(rng)
			return false
		}
		v.startSyllable(rng)
	}
	if v.tick--; v.tick <= 0 {
		v.control()
	}
	return true
}

func (v *voice) startSentence(rng *rand.Rand) {
	v.talking = true
	v.sentence = v.seconds(rng, 1, 3)
	v.left = v.sentence
	v.base = uniform(rng, 110, 190)
	v.startSyllable(rng)
	// A sentence starts on its own pitch and vowel rather than gliding
	// from the last one.
	v.f0, v.f1, v.f2 = v.f0Goal, v.f1Goal, v.f2Goal
	v.control()
}

func (v *voice) startPause(rng *rand.Rand) {
	v.talking = false
	v.left = v.seconds(rng, 0.5, 1.5)
}

func (v *voice) startSyllable(rng *rand.Rand) {
	v.pos = 0
	v.length = int(v.rate / uniform(rng, 3, 5))
	v.envPhase = 0
	v.envInc = uint32((1 << 31) / v.length) // half a sine: 0, up, back to 0
	v.gain = uniform(rng, 0.6, 1)
	v.burstLen = 0
	if rng.Float64() < 0.6 {
		v.burstLen = int(v.rate * 0.025)
	}
	// Pitch drifts down over a sentence, as it does when people talk.
	done := 1 - float64(v.left)/float64(v.sentence)
	v.f0Goal = min(250, max(100, v.base*uniform(rng, 0.85, 1.25)*(1-0.15*done)))
	vowel := vowels[rng.IntN(len(vowels))]
	v.f1Goal, v.f2Goal = vowel[0], vowel[1]
}

// control glides pitch and formants toward the syllable's goals every 5 ms,
// with a time constant of about 30 ms, and recomputes the harmonics.
func (v *voice) control() {
	const glide = 0.15
	v.tick = int(v.rate / 200)
	v.f0 += (v.f0Goal - v.f0) * glide
	v.f1 += (v.f1Goal - v.f1) * glide
	v.f2 += (v.f2Goal - v.f2) * glide
	v.phaseInc = uint32(v.f0 / v.rate * (1 << 32))
	var total float32
	for k := range v.amp {
		f := float64(k+1) * v.f0
		a := 0.0
		if f < 0.45*v.rate {
			// Spectral tilt of a voice, shaped by two vocal-tract resonances.
			a = (resonance(f, v.f1, 90) + 0.7*resonance(f, v.f2, 120) + 0.08) / float64(k+1)
		}
		v.amp[k] = float32(a)
		total += float32(a)
	}
	// Unit total amplitude keeps the voiced tone within [-1, 1].
	for k := range v.amp {
		v.amp[k] /= total
	}
}

// resonance is the gain at f of a resonance at centre with bandwidth bw.
func resonance(f, centre, bw float64) float64 {
	d := (f - centre) / bw
	return 1 / (1 + d*d)
}

func (v *voice) seconds(rng *rand.Rand, lo, hi float64) int {
	return int(math.Round(v.rate * uniform(rng, lo, hi)))
}

func uniform(rng *rand.Rand, lo, hi float64) float64 {
	return lo + (hi-lo)*rng.Float64()
}
