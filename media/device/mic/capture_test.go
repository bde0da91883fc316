package mic

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/pulsetest"
	"go.uber.org/goleak"
)

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// startPulse starts a private server for this test and checks, once the
// test is over and the server stopped, that nothing was left running.
func startPulse(t *testing.T) *pulsetest.Server {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { lktest.WaitNoLeaks(t, ignore) })
	s := pulsetest.Start(t)
	s.Setenv(t)
	return s
}

func TestListFindsMonitor(t *testing.T) {
	srv := startPulse(t)
	devs, err := List(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devs {
		t.Logf("%+v", d)
		if d.Name == srv.MonitorName() {
			if d.Backend != "pulseaudio" || !strings.Contains(d.Description, "Monitor") || d.ID == "" {
				t.Fatalf("monitor listed as %+v", d)
			}
			return
		}
	}
	t.Fatalf("List() = %+v, lacks %s", devs, srv.MonitorName())
}

func TestOpenCapturesTone(t *testing.T) {
	srv := startPulse(t)
	ctx := testContext(t)
	src, err := Open(ctx, srv.MonitorName())
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if d := src.Device(); d.Name != srv.MonitorName() {
		t.Fatalf("Device() = %+v", d)
	}
	const hz = 1000
	var wg sync.WaitGroup
	defer wg.Wait()
	playCtx, stop := context.WithCancel(ctx)
	defer stop()
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := srv.PlayTone(playCtx, hz, 10); err != nil && playCtx.Err() == nil {
			t.Error(err)
		}
	}()

	got := captureTone(t, src, 1.0)
	f := frequency(got, sampleRate)
	if math.Abs(f-hz) > hz*0.02 {
		t.Errorf("frequency %.1f Hz, want %d Hz ± 2%%", f, hz)
	}
	want := pulsetest.ToneAmplitude * math.MaxInt16 / math.Sqrt2
	if level := rms(got); math.Abs(level-want) > want*0.1 {
		t.Errorf("RMS %.0f, want %.0f ± 10%%", level, want)
	}
	t.Logf("%.1f Hz, RMS %.0f, stats %+v", f, rms(got), src.Stats())
}

// captureTone reads src every 20 ms, as the encoder does, until it has
// seconds of tone in one piece: a frame that was padded with silence or
// that followed dropped samples (a loaded machine starves the capture
// thread) starts the piece over, since it would skew the frequency.
func captureTone(t *testing.T, src *Source, seconds float64) []int16 {
	t.Helper()
	var pcm []int16
	frame := make([]int16, sampleRate/50)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	last := src.Stats()
	for {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("no %.1f s of tone in one piece within 10 s; stats %+v", seconds, src.Stats())
		}
		src.Next(frame)
		now := src.Stats()
		broken := now.Underruns != last.Underruns || now.Overruns != last.Overruns
		last = now
		if broken || rms(frame) < 1000 { // a gap, or silence before the tone
			pcm = pcm[:0]
			continue
		}
		pcm = append(pcm, frame...)
		// Drop the first 100 ms: the tone's onset and pacat's start.
		if skip := sampleRate / 10; len(pcm) >= skip+int(seconds*sampleRate) {
			return pcm[skip:]
		}
	}
}

func rms(pcm []int16) float64 {
	var sum float64
	for _, v := range pcm {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum / float64(len(pcm)))
}

// frequency counts upward zero crossings between the first and the last.
func frequency(pcm []int16, rate int) float64 {
	first, last, n := -1, -1, 0
	for i := 1; i < len(pcm); i++ {
		if pcm[i-1] < 0 && pcm[i] >= 0 {
			if first < 0 {
				first = i
			} else {
				n++
			}
			last = i
		}
	}
	if n == 0 {
		return 0
	}
	return float64(n) * float64(rate) / float64(last-first)
}

func TestOpenByDescription(t *testing.T) {
	srv := startPulse(t)
	src, err := Open(testContext(t), "null OUTPUT")
	if err != nil {
		t.Fatal(err)
	}
	if d := src.Device(); d.Name != srv.MonitorName() {
		t.Errorf("Device() = %+v, want %s", d, srv.MonitorName())
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	if err := src.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	select {
	case <-src.Done():
	default:
		t.Fatal("Done open after Close")
	}
	if err := src.Err(); err != nil {
		t.Fatalf("Err after Close = %v", err)
	}
}

func TestOpenDefault(t *testing.T) {
	srv := startPulse(t)
	src, err := Open(testContext(t), "")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if d := src.Device(); d.Name != srv.MonitorName() || !d.Default {
		t.Errorf("Device() = %+v, want the default %s", d, srv.MonitorName())
	}
}

func TestOpenUnknownName(t *testing.T) {
	startPulse(t)
	_, err := Open(testContext(t), "no such mic")
	if !errors.Is(err, ErrNoDevice) {
		t.Fatalf("err = %v, want ErrNoDevice", err)
	}
	want := `no microphone named "no such mic"; lkbot devices lists them`
	if err.Error() != want {
		t.Fatalf("message %q, want %q", err, want)
	}
}

// TestServerGone kills the server mid-capture: PulseAudio then just stops
// delivering, which the watchdog notices.
func TestServerGone(t *testing.T) {
	srv := startPulse(t)
	src := openCapturing(t, srv)
	defer src.Close()
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	waitLost(t, src)
}

// TestDeviceSuspended suspends the sink under its monitor: miniaudio's
// Stop callback fires without Close.
func TestDeviceSuspended(t *testing.T) {
	srv := startPulse(t)
	src := openCapturing(t, srv)
	defer src.Close()
	if out, err := srv.Pactl(testContext(t), "suspend-sink", pulsetest.SinkName, "1"); err != nil {
		t.Fatalf("pactl suspend-sink: %v: %s", err, out)
	}
	waitLost(t, src)
}

// openCapturing opens the monitor and waits until audio arrives.
func openCapturing(t *testing.T, srv *pulsetest.Server) *Source {
	t.Helper()
	src, err := Open(testContext(t), srv.MonitorName())
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(firstDataTimeout); src.Stats().Captured == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			src.Close()
			t.Fatal("no audio from the monitor")
		}
	}
	return src
}

func waitLost(t *testing.T, src *Source) {
	t.Helper()
	select {
	case <-src.Done():
	case <-time.After(stallTimeout + 5*time.Second):
		t.Fatal("Done still open after the device went away")
	}
	err := src.Err()
	if !errors.Is(err, ErrDeviceLost) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("Err() = %v, want one line wrapping ErrDeviceLost", err)
	}
	t.Log(err)
}
