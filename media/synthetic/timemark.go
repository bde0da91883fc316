package synthetic

import (
	"math"
	"time"
)

// Time marks: the audio twin of the video stamp. Each whole second of
// the capture clock starts with a short loud tone after a moment of
// silence, louder than the voice ever gets, so that a receiver can read
// from the audio alone when it was captured.
const (
	// MarkSilence is the silence just before each whole second.
	MarkSilence = 30 * time.Millisecond
	// MarkLength is the tone's length, from the whole second on.
	MarkLength = 10 * time.Millisecond
	// MarkFrequency is the tone's pitch, in Hz.
	MarkFrequency = 1000
	// MarkAmplitude is the tone's peak, as a fraction of full scale; the
	// voice stays under 0.6.
	MarkAmplitude = 0.95
)

// NextAt is Next for samples captured from at on, with a time mark on
// every whole second of Unix time they span: MarkSilence of silence
// before the second, then MarkLength of a MarkFrequency tone at
// MarkAmplitude starting exactly on it. The voice goes on underneath, so
// it is the same whether or not marks are added.
func (a *AudioSource) NextAt(dst []int16, at time.Time) {
	a.Next(dst)
	frames := len(dst) / a.channels
	start := at.UnixNano()
	var energy float64
	for i := range frames {
		ns := start + int64(i)*int64(time.Second)/int64(a.rate)
		if v, ok := markSample(ns); ok {
			s := int16(math.Round(v * 32767))
			for c := range a.channels {
				dst[i*a.channels+c] = s
			}
		}
		s := float64(dst[i*a.channels])
		energy += s * s
	}
	if frames > 0 {
		a.level = math.Sqrt(energy/float64(frames)) / 32768
	}
}

// markSample is the time mark's sample at Unix time ns, when a mark
// covers it.
func markSample(ns int64) (float64, bool) {
	into := time.Duration(ns % int64(time.Second))
	switch {
	case into >= time.Second-MarkSilence:
		return 0, true
	case into < MarkLength:
		return MarkAmplitude * math.Sin(2*math.Pi*MarkFrequency*into.Seconds()), true
	}
	return 0, false
}
