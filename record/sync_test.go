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

// senderClockSettled is how far into a recording every frame is timed by
// the publisher's sender reports: LiveKit sends a subscriber one every
// 3 s, and a move from the arrival mapping is slewed into at 10% of media
// time (a 50 ms move takes 0.5 s). Before that, frames are timed by their
// arrival, and audio and video may be further apart.
const senderClockSettled = 4500 * time.Millisecond

// TestRecordAVSync records a participant's camera and microphone into one
// file with --record-mux participant and checks them against each other.
// The camera's frames carry their capture time (the stamp), and the
// synthetic microphone a loud tone on every whole second of its capture
// clock (synthetic.NextAt). The video's stamps say which capture time each
// moment of the file holds; once the sender reports time both tracks,
// every tone must sit within 40 ms of the whole second it marks.
func TestRecordAVSync(t *testing.T) {
	srv := lktest.Start(t)
	r := startRecording(t, srv, record.Config{Quality: "high", Mux: "participant"}, nil)
	joinBot(t, srv, "alice", bot.Params{}, func(c *bot.Config) {})
	time.Sleep(12 * time.Second)
	m := r.stop()
	path := filepath.Join(r.dir, trackOf(t, m, "camera").Files[0])

	fileZero := videoCaptureAtZero(t, path, senderClockSettled)
	var worst time.Duration
	checked := 0
	for _, at := range toneOnsets(t, path) {
		captured := fileZero.Add(at) // by the video's clock
		off := captured.Sub(captured.Round(time.Second))
		settled := at >= senderClockSettled
		t.Logf("mark at %7.3f s of the file: %+6.1f ms from its second by the video's clock (timed by sender reports: %v)", at.Seconds(), float64(off)/1e6, settled)
		if settled {
			worst = max(worst, off.Abs())
			checked++
		}
	}
	if checked < 5 {
		t.Fatalf("%d time marks in the audio after %v, want one a second", checked, senderClockSettled)
	}
	t.Logf("%d marks timed by sender reports, worst %.1f ms apart", checked, float64(worst)/1e6)
	if worst > syncTolerance {
		t.Errorf("audio and video are %.1f ms apart at worst, want within %v", float64(worst)/1e6, syncTolerance)
	}
}

// videoCaptureAtZero is the capture time the file's time 0 stands for,
// by its video: the median, over frames from file time from on, of stamp
// time less file time.
func videoCaptureAtZero(t *testing.T, path string, from time.Duration) time.Time {
	t.Helper()
	times, stamps := frameTimes(t, path), readStamps(t, path)
	if len(times) != len(stamps) {
		t.Fatalf("ffprobe gives %d frame times, ffmpeg decodes %d frames", len(times), len(stamps))
	}
	now := time.Now().UnixMilli()
	var zeros []int64 // Unix ms
	for i, st := range stamps {
		if !st.ok || times[i] < from.Seconds() {
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
// none (any gap of 1 ms or more: aresample's default lets gaps under
// 100 ms add up) so that sample n is at n/48000 s, and returns where the synthetic
// microphone's time marks start: a sample louder than the voice gets,
// with none in the half second before it.
func toneOnsets(t *testing.T, path string) []time.Duration {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-hide_banner", "-v", "error", "-i", path, "-map", "0:a:0",
		"-af", "aresample=async=1:min_hard_comp=0.001:first_pts=0", "-ac", "1", "-ar", "48000", "-f", "s16le", "-").Output()
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
