package synthetic

import (
	"fmt"
	"math"
	"math/rand/v2"
)

const (
	harmonics = 10 // partials of the voice; the 10th of a 250 Hz voice is 2.5 kHz
	sineBits  = 12 // sine table of 4096 entries
	// outputGain is the loudest the voice gets, as a fraction of full scale.
	// Every term of a sample is bounded, so the sum stays under 0.6 and
	// never clips.
	outputGain = 0.45
	burstGain  = 0.25         // consonant noise, relative to the voice
	seed       = 0x6c6b626f74 // "lkbot"
)

// AudioSource generates speech-like 16-bit PCM: sentences of one to three
// seconds, each a run of syllables at three to five per second, separated
// by half a second to a second and a half of digital silence. A syllable is
// a voiced tone, with a pitch between 100 and 250 Hz that glides from one
// syllable to the next and a vowel-like spectrum, sometimes led by a short
// noise burst like a consonant. The output is the same every time.
// An AudioSource is not safe for concurrent use.
type AudioSource struct {
	rate, channels int
	rng            *rand.Rand
	noise          uint32 // state of the consonant noise generator
	sine           [1 << sineBits]float32
	voice          voice
	level          float64
}

// NewAudioSource returns a source of sampleRate samples per second and
// channel, from 8000 to 96000 Hz (48000 for Opus), with 1 or 2 channels.
func NewAudioSource(sampleRate, channels int) (*AudioSource, error) {
	if sampleRate < 8000 || sampleRate > 96000 {
		return nil, fmt.Errorf("synthetic audio at %d Hz: %w", sampleRate, ErrSampleRate)
	}
	if channels != 1 && channels != 2 {
		return nil, fmt.Errorf("synthetic audio with %d channels: %w", channels, ErrChannels)
	}
	a := &AudioSource{
		rate:     sampleRate,
		channels: channels,
		rng:      rand.New(rand.NewPCG(seed, seed)),
		noise:    seed & math.MaxUint32,
	}
	for i := range a.sine {
		a.sine[i] = float32(math.Sin(2 * math.Pi * float64(i) / float64(len(a.sine))))
	}
	a.voice.rate = float64(sampleRate)
	a.voice.startSentence(a.rng)
	return a, nil
}

// Next fills dst with the next len(dst)/channels samples per channel,
// interleaved, the same sample on every channel; 20 ms at 48 kHz mono is
// 960 samples. A trailing partial frame, if any, is set to zero.
func (a *AudioSource) Next(dst []int16) {
	frames := len(dst) / a.channels
	var energy float64
	for i := range frames {
		v := a.sample()
		s := int16(max(-32767, min(32767, math.Round(v*32767))))
		for c := range a.channels {
			dst[i*a.channels+c] = s
		}
		energy += float64(s) * float64(s)
	}
	clear(dst[frames*a.channels:])
	a.level = 0
	if frames > 0 {
		a.level = math.Sqrt(energy/float64(frames)) / 32768
	}
}

// Level returns the RMS of the samples the last Next produced, as a
// fraction of full scale from 0 (silence) to 1.
func (a *AudioSource) Level() float64 {
	return a.level
}

// sample returns the next sample as a fraction of full scale.
func (a *AudioSource) sample() float64 {
	v := &a.voice
	if !v.advance(a.rng) {
		return 0
	}
	var voiced float32
	for k, amp := range v.amp {
		voiced += amp * a.sine[(uint32(k+1)*v.phase)>>(32-sineBits)]
	}
	v.phase += v.phaseInc
	env := a.sine[v.envPhase>>(32-sineBits)]
	out := v.gain * float64(env*env*voiced)
	if v.pos < v.burstLen {
		a.noise = a.noise*1664525 + 1013904223
		fade := 1 - float64(v.pos)/float64(v.burstLen)
		out += burstGain * fade * float64(int32(a.noise)) / (1 << 31)
	}
	return outputGain * out
}
