package file

import "math"

const (
	// zeroCrossings is how many zero crossings of the sinc the kernel
	// keeps on each side: 16 gives a steep low-pass with a small cost.
	zeroCrossings = 16
	// rolloff puts the cut-off a little under the lower Nyquist
	// frequency, so that the transition band ends before it.
	rolloff = 0.9
	// kaiserBeta sets the window's side lobes near -90 dB.
	kaiserBeta = 8.6
	// kernelPhases is how many table entries the kernel has per input
	// sample, for rates whose ratio needs more than maxBankPhases
	// phases; values between entries are interpolated linearly.
	kernelPhases = 512
	// maxBankPhases bounds the filter bank of exact coefficients: 44.1
	// kHz to 48 kHz needs 160 phases, 11025 Hz 640.
	maxBankPhases = 1024
	// resampleChunk is how many input samples a refill pulls.
	resampleChunk = 1024
)

// resampler converts a stream of samples from one rate to another with a
// Kaiser-windowed sinc low-pass evaluated at each output instant. When the
// rates' ratio has few phases, as 44.1 or 16 kHz to 48 kHz do, it keeps
// exact coefficients for each phase, each set scaled to a gain of one; any
// other pair of rates interpolates a finely sampled kernel. It pulls its
// input through a function and is not safe for concurrent use.
type resampler struct {
	inRate, outRate int
	pull            func([]float32)
	// The next output is at input time pos + frac/outRate, in samples.
	pos, frac int64
	step      int64 // whole input samples per output
	stepFrac  int64 // and the remainder, in 1/outRate
	radius    int   // input samples the kernel reaches on each side
	// bank holds 2*radius coefficients for each phase frac/phaseStep;
	// without it, kernel holds h(k/kernelPhases) for interpolation.
	bank      []float32
	phaseStep int64
	kernel    []float32
	// buf holds input samples base, base+1, ...; it starts with radius
	// zeros before sample 0.
	buf  []float32
	base int64
}

// newResampler returns a resampler from inRate to outRate whose input is
// pulled, a chunk at a time, through pull.
func newResampler(inRate, outRate int, pull func([]float32)) *resampler {
	r := &resampler{
		inRate: inRate, outRate: outRate, pull: pull,
		step: int64(inRate / outRate), stepFrac: int64(inRate % outRate),
	}
	if inRate == outRate {
		return r
	}
	// The cut-off, as a fraction of the input's Nyquist frequency, is
	// set by the lower of the two rates.
	fc := rolloff * min(1, float64(outRate)/float64(inRate))
	r.radius = int(math.Ceil(zeroCrossings / fc))
	h := func(x float64) float64 { // x >= 0, in input samples
		if x >= float64(r.radius) {
			return 0
		}
		t := x / float64(r.radius)
		return fc * sinc(fc*x) * bessel0(kaiserBeta*math.Sqrt(1-t*t)) / bessel0(kaiserBeta)
	}
	g := gcd(inRate, outRate)
	if phases := outRate / g; phases <= maxBankPhases {
		r.phaseStep = int64(g)
		r.bank = make([]float32, phases*2*r.radius)
		for p := range phases {
			f := float64(p*g) / float64(outRate)
			row := r.bank[p*2*r.radius:][:2*r.radius]
			var sum float64
			for i := range row {
				v := h(math.Abs(float64(r.radius-1-i) + f))
				row[i], sum = float32(v), sum+v
			}
			for i := range row {
				row[i] = float32(float64(row[i]) / sum)
			}
		}
	} else {
		r.kernel = make([]float32, r.radius*kernelPhases+2)
		for k := range r.kernel {
			r.kernel[k] = float32(h(float64(k) / kernelPhases))
		}
	}
	r.buf = make([]float32, r.radius, r.radius+4*resampleChunk)
	r.base = -int64(r.radius)
	return r
}

// read fills dst with output samples.
func (r *resampler) read(dst []float32) {
	if r.inRate == r.outRate {
		r.pull(dst)
		return
	}
	for k := range dst {
		r.ensure(r.pos + int64(r.radius))
		// Taps run over input samples pos-radius+1 .. pos+radius, at
		// distances radius-1+f .. f from the output instant on the left
		// and 1-f .. radius-f on the right.
		taps := r.buf[r.pos-int64(r.radius)+1-r.base:][:2*r.radius]
		if r.bank != nil {
			dst[k] = dot(taps, r.bank[r.frac/r.phaseStep*int64(2*r.radius):][:len(taps)])
		} else {
			dst[k] = r.interpolated(taps, float64(r.frac)/float64(r.outRate))
		}
		r.pos += r.step
		r.frac += r.stepFrac
		if r.frac >= int64(r.outRate) {
			r.frac -= int64(r.outRate)
			r.pos++
		}
	}
}

// interpolated filters taps for an output instant f of a sample past the
// middle tap, interpolating the kernel.
func (r *resampler) interpolated(taps []float32, f float64) float32 {
	var acc float32
	for i, v := range taps[:r.radius] {
		acc += v * r.at(float64(r.radius-1-i)+f)
	}
	for i, v := range taps[r.radius:] {
		acc += v * r.at(float64(i+1)-f)
	}
	return acc
}

func dot(a, b []float32) float32 {
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// at returns the kernel at distance x >= 0 input samples.
func (r *resampler) at(x float64) float32 {
	p := x * kernelPhases
	i := int(p)
	if i >= len(r.kernel)-1 {
		return 0
	}
	w := float32(p - float64(i))
	return r.kernel[i] + w*(r.kernel[i+1]-r.kernel[i])
}

// ensure pulls input until the buffer holds sample last, first dropping
// samples no kernel will reach again.
func (r *resampler) ensure(last int64) {
	for r.base+int64(len(r.buf)) <= last {
		if keep := r.pos - int64(r.radius) + 1; keep-r.base > int64(len(r.buf)/2) {
			n := copy(r.buf, r.buf[keep-r.base:])
			r.buf = r.buf[:n]
			r.base = keep
		}
		n := len(r.buf)
		if cap(r.buf)-n < resampleChunk {
			r.buf = append(r.buf, make([]float32, resampleChunk)...)[:n]
		}
		r.buf = r.buf[:n+resampleChunk]
		r.pull(r.buf[n:])
	}
}

// outputLen returns how many output samples n input samples last.
func (r *resampler) outputLen(n int64) int64 {
	return (n*int64(r.outRate) + int64(r.inRate) - 1) / int64(r.inRate)
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// bessel0 is the modified Bessel function of the first kind, order 0,
// by its power series, for the Kaiser window.
func bessel0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 50; k++ {
		term *= (x / (2 * float64(k))) * (x / (2 * float64(k)))
		sum += term
		if term < 1e-12*sum {
			break
		}
	}
	return sum
}
