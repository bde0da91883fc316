package record_test

import (
	"encoding/binary"
	"math"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/media/synthetic"
	"github.com/lkbot/lkbot/record"
)

// syncTolerance is how far apart a participant's audio and video may be
// in a muxed file.
const syncTolerance = 40 * time.Millisecond

// TestRecordAVSync records a participant's camera and microphone into one
// file with --record-mux participant and checks them against each other.
// The camera's frames carry their capture time (the stamp), and the
// synthetic microphone a loud tone on every whole second of its capture
// clock (synthetic.NextAt). The video's stamps say which capture time each
// moment of the file holds; every tone must sit within 40 ms of the whole
// second it marks.
func TestRecordAVSync(t *testing.T) {
	srv := lktest.Start(t)
	r := startRecording(t, srv, record.Config{Quality: "high", Mux: "participant"}, nil)
	joinBot(t, srv, "alice", bot.Params{}, func(c *bot.Config) {})
	time.Sleep(9 * time.Second)
	m := r.stop()
	path := filepath.Join(r.dir, trackOf(t, m, "camera").Files[0])

	fileZero := videoCaptureAtZero(t, path)
	marks := toneOnsets(t, path)
	if len(marks) < 5 {
		t.Fatalf("%d time marks in the audio, want one a second over about 8 s", len(marks))
	}
	var worst time.Duration
	for _, at := range marks {
		captured := fileZero.Add(at) // by the video's clock
		second := captured.Round(time.Second)
		off := captured.Sub(second)
		t.Logf("mark at %7.3f s of the file: %+6.1f ms from its second by the video's clock", at.Seconds(), float64(off)/1e6)
		worst = max(worst, off.Abs())
	}
	t.Logf("%d marks, worst %.1f ms apart", len(marks), float64(worst)/1e6)
	if worst > syncTolerance {
		t.Errorf("audio and video are %.1f ms apart at worst, want within %v", float64(worst)/1e6, syncTolerance)
	}
}

// videoCaptureAtZero is the capture time the file's time 0 stands for,
// by its video: the median over frames of stamp time less file time.
func videoCaptureAtZero(t *testing.T, path string) time.Time {
	t.Helper()
	times, stamps := frameTimes(t, path), readStamps(t, path)
	if len(times) != len(stamps) {
		t.Fatalf("ffprobe gives %d frame times, ffmpeg decodes %d frames", len(times), len(stamps))
	}
	now := time.Now().UnixMilli()
	var zeros []int64 // Unix ms
	for i, st := range stamps {
		if !st.ok {
			continue
		}
		// The stamp holds Unix ms modulo 2^32; the test is minutes old.
		captured := now - int64(uint32(now)-st.CaptureMs)
		zeros = append(zeros, captured-int64(math.Round(times[i]*1000)))
	}
	if len(zeros) == 0 {
		t.Fatal("no stamp read from the recorded video")
	}
	slices.Sort(zeros)
	t.Logf("%d stamped frames; capture time at file time 0 spans %d ms", len(zeros), zeros[len(zeros)-1]-zeros[0])
	return time.UnixMilli(zeros[len(zeros)/2])
}

// toneOnsets decodes the file's audio, with silence where the file has
// none so that sample n is at n/48000 s, and returns where the synthetic
// microphone's time marks start: a sample louder than the voice gets,
// with none in the half second before it.
func toneOnsets(t *testing.T, path string) []time.Duration {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-hide_banner", "-v", "error", "-i", path, "-map", "0:a:0",
		"-af", "aresample=async=1:first_pts=0", "-ac", "1", "-ar", "48000", "-f", "s16le", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg decoding the audio of %s: %v", path, err)
	}
	const rate = 48000
	// Over the voice's 0.6 of full scale, under the mark's peak.
	threshold := int(math.Round(0.75 * synthetic.MarkAmplitude * 32767))
	var onsets []time.Duration
	lastLoud := -rate
	for i := 0; i+1 < len(out); i += 2 {
		n := i / 2
		v := int(int16(binary.LittleEndian.Uint16(out[i:])))
		if v < threshold && -v < threshold {
			continue
		}
		if n-lastLoud > rate/2 {
			onsets = append(onsets, time.Duration(n)*time.Second/rate)
		}
		lastLoud = n
	}
	return onsets
}
