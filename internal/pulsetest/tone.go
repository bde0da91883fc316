package pulsetest

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
)

// ToneAmplitude is the peak of PlayTone's sine, as a fraction of full
// scale: its RMS is ToneAmplitude/√2.
const ToneAmplitude = 0.5

// toneRate is the rate of the PCM handed to pacat; the server resamples it
// to the sink's own.
const toneRate = 48000

// PlayTone plays a sine of hz for seconds into the null sink and returns
// once it has been played, or when ctx ends.
func (s *Server) PlayTone(ctx context.Context, hz, seconds float64) error {
	cmd := exec.CommandContext(ctx, "pacat", "--playback", "--raw",
		"--format=s16le", fmt.Sprintf("--rate=%d", toneRate), "--channels=1",
		"--device="+SinkName, "--latency-msec=20")
	cmd.Env = append(os.Environ(), s.Env()...)
	cmd.Stdin = bytes.NewReader(sine(hz, seconds))
	if out, err := cmd.CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("pacat: %w: %s", err, out)
	}
	return nil
}

// sine returns s16le mono PCM at toneRate.
func sine(hz, seconds float64) []byte {
	n := int(seconds * toneRate)
	buf := make([]byte, 2*n)
	for i := range n {
		v := ToneAmplitude * math.MaxInt16 * math.Sin(2*math.Pi*hz*float64(i)/toneRate)
		binary.LittleEndian.PutUint16(buf[2*i:], uint16(int16(math.Round(v))))
	}
	return buf
}
