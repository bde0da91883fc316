package record_test

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/media/synthetic"
	"github.com/lkbot/lkbot/record"
	"github.com/lkbot/lkbot/record/manifest"
)

// The publisher's camera: small and slow enough to decode in a test.
const (
	pubWidth, pubHeight = 640, 360
	pubFPS              = 15
)

// joinBot connects a bot to the test server's "room"; change adjusts its
// config first.
func joinBot(t *testing.T, srv *lktest.Server, identity string, p bot.Params, change func(*bot.Config)) *bot.Bot {
	t.Helper()
	cfg := bot.DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	cfg.Room, cfg.Identity = "room", identity
	cfg.Resolution, cfg.FPS = fmt.Sprintf("%dx%d", pubWidth, pubHeight), pubFPS
	change(&cfg)
	p.Config = cfg
	b, err := bot.New(p)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// recordRoom publishes a synthetic camera (codec, simulcast as the
// codec allows) and microphone for d, with a hidden recorder in the room,
// runs during (if any) on the publisher meanwhile, and returns the
// recording's directory and manifest once the recorder has closed.
func recordRoom(t *testing.T, codec string, d time.Duration, during func(pub *bot.Bot), prepare ...func(*record.Recorder)) (string, *manifest.Manifest, []event.Event) {
	t.Helper()
	srv := lktest.Start(t)
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Fatal("ffprobe is not installed: run make testdeps")
	}
	dir := t.TempDir()
	stream := event.NewStream()
	sub := stream.Subscribe(4096)
	var events []event.Event
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		for env := range sub.C {
			events = append(events, env.Event)
		}
	}()
	rec, err := record.New(record.Params{Config: record.Config{Dir: dir, Quality: "high"}, Room: "room", Identity: "recorder", Events: stream})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range prepare {
		p(rec)
	}
	recorder := joinBot(t, srv, "recorder", bot.Params{Events: stream, Sink: rec}, func(c *bot.Config) {
		c.Camera, c.Mic, c.Hidden = "none", "none", true
	})
	pub := joinBot(t, srv, "alice", bot.Params{}, func(c *bot.Config) { c.VideoCodec = codec })
	deadline := time.Now().Add(d)
	if during != nil {
		during(pub)
	}
	time.Sleep(time.Until(deadline))
	recorder.Close()
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Read(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	stream.Close()
	<-collected
	return dir, m, events
}

// recording is a hidden recorder in the test server's room.
type recording struct {
	t   *testing.T
	dir string
	rec *record.Recorder
	bot *bot.Bot
}

// startRecording joins a hidden recorder with cfg (its Dir is made here);
// stream, if not nil, gets its events.
func startRecording(t *testing.T, srv *lktest.Server, cfg record.Config, stream *event.Stream) *recording {
	t.Helper()
	cfg.Dir = t.TempDir()
	rec, err := record.New(record.Params{Config: cfg, Room: "room", Identity: "recorder", Events: stream})
	if err != nil {
		t.Fatal(err)
	}
	b := joinBot(t, srv, "recorder", bot.Params{Sink: rec, Events: stream}, func(c *bot.Config) { c.Camera, c.Mic, c.Hidden = "none", "none", true })
	return &recording{t: t, dir: cfg.Dir, rec: rec, bot: b}
}

// stop closes the recorder's bot, then the recorder, and reads the
// manifest.
func (r *recording) stop() *manifest.Manifest {
	r.t.Helper()
	r.bot.Close()
	if err := r.rec.Close(); err != nil {
		r.t.Fatal(err)
	}
	m, err := manifest.Read(filepath.Join(r.dir, manifest.FileName))
	if err != nil {
		r.t.Fatal(err)
	}
	return m
}

// TestRecordSyntheticPublish records 20 s of a synthetic camera, in each
// codec, and a microphone. Each file must decode without an error, hold
// the frames its span should (within 5%), and show the publisher's
// burned-in frame numbers increasing with no gap the manifest does not
// report (or the publisher's encoder did not drop).
func TestRecordSyntheticPublish(t *testing.T) {
	for _, tc := range []struct{ codec, ext string }{
		{bot.CodecVP8, ".webm"}, {bot.CodecVP9, ".webm"}, {bot.CodecH264, ".mkv"},
	} {
		t.Run(tc.codec, func(t *testing.T) {
			var pub *bot.Bot
			dir, m, _ := recordRoom(t, tc.codec, 20*time.Second, func(p *bot.Bot) { pub = p })
			video, audio := trackOf(t, m, "camera"), trackOf(t, m, "microphone")
			if video.Codec != tc.codec || audio.Codec != "opus" {
				t.Fatalf("codecs %s and %s, want %s and opus", video.Codec, audio.Codec, tc.codec)
			}
			for _, tr := range []manifest.Track{video, audio} {
				if len(tr.Files) != 1 {
					t.Fatalf("%s: files %v, want one", tr.Source, tr.Files)
				}
				decodesClean(t, filepath.Join(dir, tr.Files[0]))
			}
			if filepath.Ext(video.Files[0]) != tc.ext || filepath.Ext(audio.Files[0]) != ".ogg" {
				t.Errorf("files %s and %s, want %s and .ogg", video.Files[0], audio.Files[0], tc.ext)
			}
			path := filepath.Join(dir, video.Files[0])
			span := video.End.Sub(video.Start).Seconds()
			frames := countFrames(t, path)
			want := span*pubFPS + 1
			t.Logf("video: %d frames over %.2f s (%.0f expected at %d fps); manifest frames %d, gaps %d", frames, span, want, pubFPS, video.Frames, video.Gaps)
			if float64(frames) < want*0.95 || float64(frames) > want*1.05 {
				t.Errorf("the file holds %d frames, want %.0f within 5%%", frames, want)
			}
			checkStamps(t, path, video.Gaps+cameraDrops(pub))
		})
	}
}

// cameraDrops is how many captured frames the publisher's top camera
// layer, the one recorded, never sent (a busy encoder, or openh264's rate control skipping them):
// their numbers never went out, so the recording skips them without a
// gap of its own.
func cameraDrops(pub *bot.Bot) uint64 {
	var top bot.SentStream
	for _, tr := range pub.SentTracks() {
		for _, st := range tr.Streams {
			if tr.Source == "camera" && st.Width >= top.Width {
				top = st
			}
		}
	}
	return top.Dropped
}

// TestRecordMuteLeavesGap mutes the camera for 3 s in the middle of a
// recording: the file's frame times jump by 3 s there, rather than the
// later frames moving up.
func TestRecordMuteLeavesGap(t *testing.T) {
	dir, m, _ := recordRoom(t, bot.CodecVP8, 10*time.Second, func(pub *bot.Bot) {
		time.Sleep(3 * time.Second)
		if err := pub.SetMuted(livekit.TrackSource_CAMERA, true); err != nil {
			t.Error(err)
		}
		time.Sleep(3 * time.Second)
		if err := pub.SetMuted(livekit.TrackSource_CAMERA, false); err != nil {
			t.Error(err)
		}
	})
	video := trackOf(t, m, "camera")
	times := frameTimes(t, filepath.Join(dir, video.Files[0]))
	var gap float64
	for i := 1; i < len(times); i++ {
		gap = max(gap, times[i]-times[i-1])
	}
	t.Logf("%d frames; the longest gap between frame times is %.2f s", len(times), gap)
	if gap < 2.7 || gap > 3.6 {
		t.Errorf("the longest gap is %.2f s, want the 3 s mute", gap)
	}
}

// frameTimes are the video frames' presentation times, in seconds.
func frameTimes(t *testing.T, path string) []float64 {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var times []float64
	for _, line := range strings.Fields(string(out)) {
		if v, err := strconv.ParseFloat(strings.TrimSuffix(line, ","), 64); err == nil {
			times = append(times, v)
		}
	}
	return times
}

// trackOf finds the manifest's track of source.
func trackOf(t *testing.T, m *manifest.Manifest, source string) manifest.Track {
	t.Helper()
	for _, tr := range m.Tracks {
		if tr.Source == source {
			return tr
		}
	}
	data, _ := json.Marshal(m)
	t.Fatalf("the manifest has no %s track: %s", source, data)
	return manifest.Track{}
}

// decodesClean decodes the whole file with ffmpeg and wants no error.
// Video is passed on in milliseconds, the file's own time base: ffmpeg
// otherwise rounds frame times to its guess of a constant rate, and two
// frames closer than one frame period (a variable rate, which WebM allows)
// come out with one time and an error.
func decodesClean(t *testing.T, path string) {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-hide_banner", "-v", "error", "-i", path, "-enc_time_base:v", "1:1000", "-f", "null", "-").CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("ffmpeg decoding %s: %v\n%s", filepath.Base(path), err, out)
	}
}

// countFrames is ffprobe's count of the file's video frames.
func countFrames(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
		"-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("ffprobe %s: %q", path, out)
	}
	return n
}

// checkStamps decodes the file and reads the burned-in frame numbers:
// they must increase, and skip no more often than allowed: the
// manifest's gaps, plus frames the publisher dropped.
func checkStamps(t *testing.T, path string, allowed uint64) {
	t.Helper()
	var last uint32
	read, skips := 0, uint64(0)
	for _, st := range readStamps(t, path) {
		if !st.ok {
			continue
		}
		if read > 0 {
			if st.Frame <= last {
				t.Fatalf("frame number %d after %d: not increasing", st.Frame, last)
			}
			if st.Frame > last+1 {
				skips++
			}
		}
		last = st.Frame
		read++
	}
	t.Logf("read %d stamps; %d skips, %d allowed", read, skips, allowed)
	if read == 0 {
		t.Fatal("no stamp read from the recorded video")
	}
	if skips > allowed {
		t.Errorf("frame numbers skip %d times, but the manifest's gaps and the publisher's dropped frames allow %d", skips, allowed)
	}
}

// decodedStamp is one decoded frame's stamp, if it had one.
type decodedStamp struct {
	synthetic.Stamp
	ok bool
}

// readStamps decodes the file's video to raw frames, one per frame in the
// file, and reads each frame's burned-in stamp.
func readStamps(t *testing.T, path string) []decodedStamp {
	t.Helper()
	// passthrough: one output frame per decoded frame. Without it ffmpeg
	// duplicates and drops frames to hold a constant rate, which reads as
	// repeated and skipped frame numbers.
	cmd := exec.Command("ffmpeg", "-hide_banner", "-v", "error", "-i", path, "-map", "0:v:0", "-fps_mode", "passthrough",
		"-vf", fmt.Sprintf("scale=%d:%d", pubWidth, pubHeight), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// A failure below leaves ffmpeg blocked on its pipe: stop it.
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	img := image.NewYCbCr(image.Rect(0, 0, pubWidth, pubHeight), image.YCbCrSubsampleRatio420)
	var stamps []decodedStamp
	for {
		if _, err := io.ReadFull(stdout, img.Y); err != nil {
			break
		}
		if _, err := io.ReadFull(stdout, img.Cb); err != nil {
			break
		}
		if _, err := io.ReadFull(stdout, img.Cr); err != nil {
			break
		}
		st, ok := synthetic.ReadStamp(img)
		stamps = append(stamps, decodedStamp{st, ok})
	}
	return stamps
}

// TestRecordFullDisk: when the disk fills up, the track's recording stops
// with a recording_error event that says so, and what was written stays
// playable.
func TestRecordFullDisk(t *testing.T) {
	dir, m, events := recordRoom(t, bot.CodecVP8, 6*time.Second, nil, func(rec *record.Recorder) {
		record.FailWritesAfter(rec, 40)
	})
	var errs []event.RecordingError
	for _, ev := range events {
		if e, ok := ev.(event.RecordingError); ok {
			errs = append(errs, e)
		}
	}
	if len(errs) == 0 {
		t.Fatal("no recording_error event")
	}
	for _, e := range errs {
		if !strings.Contains(e.Message, "no space left on device") || e.File == "" {
			t.Errorf("recording_error %+v, want the file and a full disk", e)
		}
	}
	for _, tr := range m.Tracks {
		path := filepath.Join(dir, tr.Files[0])
		decodesClean(t, path)
	}
	if frames := countFrames(t, filepath.Join(dir, trackOf(t, m, "camera").Files[0])); frames != 40 {
		t.Errorf("the camera's file holds %d frames, want the 40 written before the disk filled", frames)
	}
}

// TestRecordMuxParticipant puts the camera and microphone into one file:
// it holds both streams, decodes without an error, and its audio and
// video span the same time within 100 ms. A participant without a camera
// gets a file of its audio alone, from its first second on.
func TestRecordMuxParticipant(t *testing.T) {
	srv := lktest.Start(t)
	r := startRecording(t, srv, record.Config{Quality: "high", Mux: "participant"}, nil)
	joinBot(t, srv, "alice", bot.Params{}, func(c *bot.Config) {})
	joinBot(t, srv, "bob", bot.Params{}, func(c *bot.Config) { c.Camera = "none" })
	time.Sleep(8 * time.Second)
	m, dir := r.stop(), r.dir
	var video, audio, bobAudio manifest.Track
	for _, tr := range m.Tracks {
		switch {
		case tr.Participant == "alice" && tr.Source == "camera":
			video = tr
		case tr.Participant == "alice" && tr.Source == "microphone":
			audio = tr
		case tr.Participant == "bob":
			bobAudio = tr
		}
	}
	if len(video.Files) != 1 || len(audio.Files) != 1 || video.Files[0] != "alice.webm" || audio.Files[0] != video.Files[0] {
		t.Fatalf("files %v and %v, want both in alice.webm", video.Files, audio.Files)
	}
	path := filepath.Join(dir, video.Files[0])
	decodesClean(t, path)
	videoSpan, audioSpan := packetSpan(t, path, "v:0"), packetSpan(t, path, "a:0")
	t.Logf("video %.3f to %.3f s, audio %.3f to %.3f s", videoSpan[0], videoSpan[1], audioSpan[0], audioSpan[1])
	if d := videoSpan[1] - audioSpan[1]; d > 0.1 || d < -0.1 {
		t.Errorf("video ends at %.3f s and audio at %.3f s: %.0f ms apart", videoSpan[1], audioSpan[1], d*1000)
	}

	if len(bobAudio.Files) != 1 || bobAudio.Files[0] != "bob.webm" {
		t.Fatalf("bob's microphone in %v, want bob.webm", bobAudio.Files)
	}
	bobPath := filepath.Join(dir, "bob.webm")
	decodesClean(t, bobPath)
	if n := streamCount(t, bobPath); n != 1 {
		t.Errorf("bob.webm has %d streams, want his audio alone", n)
	}
	bobSpan := packetSpan(t, bobPath, "a:0")
	recorded := bobAudio.End.Sub(bobAudio.Start).Seconds()
	t.Logf("bob's audio %.3f to %.3f s; the manifest spans %.3f s", bobSpan[0], bobSpan[1], recorded)
	if bobSpan[0] != 0 || bobSpan[1] < 6.5 || bobSpan[1]-recorded > 0.05 || recorded-bobSpan[1] > 0.05 {
		t.Errorf("bob's audio spans %.3f to %.3f s, want from 0 to the manifest's %.3f s, over 6.5 s", bobSpan[0], bobSpan[1], recorded)
	}
}

// packetSpan is the first and last packet time of a stream of the file, in
// seconds.
func packetSpan(t *testing.T, path, stream string) [2]float64 {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", "packet=pts_time", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var first, last float64 = -1, 0
	for _, line := range strings.Fields(string(out)) {
		v, err := strconv.ParseFloat(strings.TrimSuffix(line, ","), 64)
		if err != nil {
			continue
		}
		if first < 0 {
			first = v
		}
		last = v
	}
	if first < 0 {
		t.Fatalf("%s: no %s packets", path, stream)
	}
	return [2]float64{first, last}
}

// streamCount is how many streams the file holds.
func streamCount(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "stream=index", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	return len(strings.Fields(string(out)))
}

// TestRecordAudioAsWebM: --record-format webm puts an audio track
// recorded alone in WebM instead of Ogg.
func TestRecordAudioAsWebM(t *testing.T) {
	srv := lktest.Start(t)
	r := startRecording(t, srv, record.Config{Quality: "high", Kinds: []string{"audio"}, AudioFormat: "webm"}, nil)
	joinBot(t, srv, "alice", bot.Params{}, func(c *bot.Config) {})
	time.Sleep(4 * time.Second)
	m, dir := r.stop(), r.dir
	if len(m.Tracks) != 1 || m.Tracks[0].Source != "microphone" || filepath.Ext(m.Tracks[0].Files[0]) != ".webm" {
		t.Fatalf("tracks %+v, want the microphone alone, in WebM", m.Tracks)
	}
	decodesClean(t, filepath.Join(dir, m.Tracks[0].Files[0]))
}

// TestRecordLowLayerAndLeave records the low simulcast layer, and a
// publisher that leaves in the middle: its files are finished as it goes,
// with recording_stopped events, while the recorder stays.
func TestRecordLowLayerAndLeave(t *testing.T) {
	srv := lktest.Start(t)
	stream := event.NewStream()
	sub := stream.Subscribe(4096)
	r := startRecording(t, srv, record.Config{Quality: "low"}, stream)
	alice := joinBot(t, srv, "alice", bot.Params{}, func(c *bot.Config) {})
	time.Sleep(6 * time.Second)
	alice.Close()
	stopped := map[string]bool{}
	timeout := time.After(20 * time.Second)
	for len(stopped) < 2 {
		select {
		case env := <-sub.C:
			if ev, ok := env.Event.(event.RecordingStopped); ok {
				stopped[ev.Source] = true
			}
		case <-timeout:
			t.Fatalf("recording_stopped for %v only, after alice left", stopped)
		}
	}
	m, dir := r.stop(), r.dir
	path := filepath.Join(dir, trackOf(t, m, "camera").Files[0])
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=width,height", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[string]int{}
	for _, line := range strings.Fields(string(out)) {
		sizes[strings.TrimSuffix(line, ",")]++
	}
	t.Logf("decoded frame sizes %v", sizes)
	if len(sizes) != 1 || sizes["160,90"] == 0 {
		t.Errorf("decoded frame sizes %v, want the low layer's 160x90 only", sizes)
	}
	decodesClean(t, path)
}

// TestRecordSegments: with a 2 s segment, each track's recording moves on
// to new files, each of which starts at a keyframe and decodes on its
// own, with a recording_segment event for each move.
func TestRecordSegments(t *testing.T) {
	srv := lktest.Start(t)
	stream := event.NewStream()
	sub := stream.Subscribe(4096)
	r := startRecording(t, srv, record.Config{Quality: "high", Segment: 2 * time.Second}, stream)
	joinBot(t, srv, "alice", bot.Params{}, func(c *bot.Config) {})
	time.Sleep(7 * time.Second)
	m, dir := r.stop(), r.dir
	segments := 0
	for env := range sub.C {
		if _, ok := env.Event.(event.RecordingSegment); ok {
			segments++
		}
	}
	files := 0
	for _, tr := range m.Tracks {
		if len(tr.Files) < 2 {
			t.Errorf("%s: files %v, want a new one every 2 s", tr.Source, tr.Files)
		}
		for _, f := range tr.Files {
			decodesClean(t, filepath.Join(dir, f))
			files++
		}
	}
	if segments != files-len(m.Tracks) {
		t.Errorf("%d recording_segment events for %d files of %d tracks", segments, files, len(m.Tracks))
	}
}
