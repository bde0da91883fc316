package crossbuild

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/media/h264"
	"github.com/lkbot/lkbot/media/stats"
)

// RunEnv turns the test on: the cross build and the emulated run take
// minutes, which `make test` should not pay for.
const RunEnv = "LKBOT_TEST_ARM64"

// The bot under qemu publishes small and slow: emulation runs the
// encoders about ten times slower than the host would.
const (
	width, height = 320, 180
	fps           = 10
	joinFor       = 8 * time.Second
)

// TestARM64BinaryEncodesUnderQEMU cross-compiles lkbot for linux/arm64
// with scripts/build-arm64.sh, runs `lkbot join` under qemu-aarch64
// against a real LiveKit server, once with VP8 (libvpx) and once with
// H.264 (openh264), both with the synthetic microphone (Opus), and checks
// the bot's events and what a subscriber on the host received: frames of
// the requested size and audio packets.
func TestARM64BinaryEncodesUnderQEMU(t *testing.T) {
	if os.Getenv(RunEnv) != "1" {
		t.Skipf("cross-compiles lkbot for linux/arm64 and runs it under qemu-user, which takes minutes: run `make test-arm64` (or set %s=1)", RunEnv)
	}
	lktest.SkipShort(t)
	bin := buildARM64(t)
	qemu, err := exec.LookPath("qemu-aarch64")
	if err != nil {
		t.Fatalf("qemu-aarch64: %v (scripts/build-arm64.sh --with-qemu installs qemu-user)", err)
	}
	srv := lktest.Start(t)
	for _, c := range []struct{ codec, mime string }{
		{"vp8", webrtc.MimeTypeVP8},
		{"h264", webrtc.MimeTypeH264},
	} {
		t.Run(c.codec, func(t *testing.T) {
			room := "arm64-" + c.codec
			rec := subscribe(t, srv, room)
			events := runJoin(t, qemu, bin, srv, room, c.codec)
			checkEvents(t, events, c.mime)
			// The subscriber's last packets may still be on their way.
			deadline := time.Now().Add(5 * time.Second)
			for time.Now().Before(deadline) && !rec.enough() {
				time.Sleep(100 * time.Millisecond)
			}
			rec.check(t, c.mime)
		})
	}
}

// buildARM64 runs the cross build into a temporary directory, so that it
// leaves bin/ alone; Go's build cache makes it quick after `make
// build-arm64`.
func buildARM64(t *testing.T) string {
	t.Helper()
	root, err := lktest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "lkbot-linux-arm64")
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "build-arm64.sh"), "--with-qemu")
	cmd.Env = append(os.Environ(), "OUT="+out)
	start := time.Now()
	b, err := cmd.CombinedOutput()
	t.Logf("scripts/build-arm64.sh (%s):\n%s", time.Since(start).Round(time.Second), b)
	if err != nil {
		t.Fatalf("scripts/build-arm64.sh: %v", err)
	}
	return out
}

// runJoin runs the arm64 lkbot under qemu until its --duration ends, and
// returns its events. qemu's -L / makes the guest's dynamic loader and
// glibc the ones of Debian's libc6:arm64 (in /lib/aarch64-linux-gnu, a
// dependency of libvpx-dev:arm64): with -L /usr/aarch64-linux-gnu the
// cross toolchain's loader would find libc6:arm64's libc through the
// host's ld.so.cache, and the two glibc builds together hang in the first
// pthread_create.
func runJoin(t *testing.T, qemu, bin string, srv *lktest.Server, room, codec string) []map[string]any {
	t.Helper()
	eventsPath := filepath.Join(t.TempDir(), "events.jsonl")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, qemu, "-L", "/", bin, "join",
		"--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
		"--room", room, "--identity", "kiosk-arm64",
		"--camera", "synthetic", "--mic", "synthetic", "--video-codec", codec,
		"--resolution", fmt.Sprintf("%dx%d", width, height), "--fps", fmt.Sprint(fps), "--simulcast=false",
		"--connect-timeout", "60s", "--duration", joinFor.String(),
		"--events", eventsPath, "--log-level", "warn")
	cmd.Env = cleanEnv()
	cmd.WaitDelay = 10 * time.Second
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("lkbot join under qemu (%s, --duration %s)", time.Since(start).Round(100*time.Millisecond), joinFor)
	if len(out) > 0 {
		t.Logf("its output:\n%s", out)
	}
	if err != nil {
		t.Fatalf("lkbot join under qemu: %v", err)
	}
	f, err := os.ReadFile(eventsPath)
	if err != nil {
		t.Fatal(err)
	}
	var events []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(f))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e map[string]any
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("events line %q: %v", sc.Text(), err)
		}
		events = append(events, e)
	}
	return events
}

// cleanEnv is the test's environment without LiveKit's and lkbot's
// variables, which would otherwise feed the bot's settings.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LIVEKIT_") && !strings.HasPrefix(kv, "LKBOT_") {
			env = append(env, kv)
		}
	}
	return env
}

// checkEvents wants the bot to have connected, published its camera with
// the codec and size asked for and its microphone as Opus, and left.
func checkEvents(t *testing.T, events []map[string]any, videoMime string) {
	t.Helper()
	var connected, camera, mic, disconnected bool
	for _, e := range events {
		switch e["type"] {
		case "connected":
			connected = true
		case "disconnected":
			disconnected = true
		case "error":
			t.Errorf("bot error event: %v", e)
		case "track_published":
			if e["local"] != true {
				continue
			}
			switch e["source"] {
			case "camera":
				camera = true
				if !strings.EqualFold(fmt.Sprint(e["mime_type"]), videoMime) {
					t.Errorf("camera published as %v, want %s", e["mime_type"], videoMime)
				}
				if e["width"] != float64(width) || e["height"] != float64(height) {
					t.Errorf("camera published at %vx%v, want %dx%d", e["width"], e["height"], width, height)
				}
			case "microphone":
				mic = true
				if !strings.EqualFold(fmt.Sprint(e["mime_type"]), webrtc.MimeTypeOpus) {
					t.Errorf("microphone published as %v, want %s", e["mime_type"], webrtc.MimeTypeOpus)
				}
			}
		}
	}
	if !connected || !camera || !mic || !disconnected {
		t.Errorf("events: connected=%v camera track_published=%v microphone track_published=%v disconnected=%v; want all\n%v",
			connected, camera, mic, disconnected, events)
	}
}

// sfuBlank is the size of the keyframes the LiveKit server itself sends a
// subscriber, as a video track starts and ends (VP8KeyFrame8x8 and
// H264KeyFrame2x2 in livekit-server's pkg/sfu): they are not the bot's.
var sfuBlank = map[string]string{
	strings.ToLower(webrtc.MimeTypeVP8):  "8x8",
	strings.ToLower(webrtc.MimeTypeH264): "2x2",
}

// recorder counts what a host subscriber received from the arm64 bot.
type recorder struct {
	mu     sync.Mutex
	tracks map[string]*received // by mime type, lower case
}

type received struct {
	packets, frames int
	sizes           map[string]int // keyframe or SPS sizes seen, "WxH"
	h264            codecs.H264Packet
}

// Enough for a few seconds of the bot's publishing, even with qemu slow:
// frames at a quarter of its rate (far more than the server's few blank
// frames), audio packets at half of Opus's 50/s.
func minFrames() int       { return int(joinFor.Seconds()) * fps / 4 }
func minAudioPackets() int { return int(joinFor.Seconds()) * 50 / 2 }

func subscribe(t *testing.T, srv *lktest.Server, room string) *recorder {
	t.Helper()
	rec := &recorder{tracks: map[string]*received{}}
	cb := lksdk.NewRoomCallback()
	cb.OnTrackSubscribed = func(track *webrtc.TrackRemote, _ *lksdk.RemoteTrackPublication, _ *lksdk.RemoteParticipant) {
		mime := strings.ToLower(track.Codec().MimeType)
		go func() { // ends when the track does, at Disconnect
			for {
				pkt, _, err := track.ReadRTP()
				if err != nil {
					return
				}
				rec.push(mime, pkt)
			}
		}()
	}
	conn, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.Token(t, room, "host-subscriber"), cb, lksdk.WithAutoSubscribe(true))
	if err != nil {
		t.Fatalf("subscriber: %v", err)
	}
	t.Cleanup(conn.Disconnect)
	return rec
}

func (r *recorder) push(mime string, pkt *rtp.Packet) {
	r.mu.Lock()
	defer r.mu.Unlock()
	tr := r.tracks[mime]
	if tr == nil {
		tr = &received{sizes: map[string]int{}}
		r.tracks[mime] = tr
	}
	tr.packets++
	if len(pkt.Payload) == 0 { // padding, for bandwidth probes
		return
	}
	switch mime {
	case strings.ToLower(webrtc.MimeTypeVP8):
		if w, h, ok := stats.VP8KeyframeSize(pkt.Payload); ok {
			tr.sizes[fmt.Sprintf("%dx%d", w, h)]++
		}
	case strings.ToLower(webrtc.MimeTypeH264):
		if annexB, err := tr.h264.Unmarshal(pkt.Payload); err == nil {
			for _, nal := range annexBNALs(annexB) {
				if nal[0]&0x1f == 7 {
					sps, err := h264.ParseSPS(nal)
					if err != nil {
						tr.sizes[err.Error()]++
					} else {
						tr.sizes[fmt.Sprintf("%dx%d", sps.Width, sps.Height)]++
					}
				}
			}
		}
	}
	if pkt.Marker && strings.HasPrefix(mime, "video/") { // a frame's last packet
		tr.frames++
	}
}

func (r *recorder) enough() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	var video, audio bool
	for mime, tr := range r.tracks {
		if strings.HasPrefix(mime, "video/") {
			video = tr.frames >= minFrames() && len(tr.sizes) > 0
		} else {
			audio = tr.packets >= minAudioPackets()
		}
	}
	return video && audio
}

func (r *recorder) check(t *testing.T, videoMime string) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for mime, tr := range r.tracks {
		if strings.HasPrefix(mime, "video/") {
			t.Logf("subscriber received %s: %d packets, %d frames, keyframe sizes %v", mime, tr.packets, tr.frames, tr.sizes)
		} else {
			t.Logf("subscriber received %s: %d packets", mime, tr.packets)
		}
	}
	video := r.tracks[strings.ToLower(videoMime)]
	switch {
	case video == nil:
		t.Errorf("subscriber received no %s track", videoMime)
	case video.frames < minFrames():
		t.Errorf("subscriber received %d %s frames, want at least %d", video.frames, videoMime, minFrames())
	case video.sizes[fmt.Sprintf("%dx%d", width, height)] == 0:
		t.Errorf("%s keyframe sizes %v, want %dx%d", videoMime, video.sizes, width, height)
	}
	if video != nil {
		for size := range video.sizes {
			if size != fmt.Sprintf("%dx%d", width, height) && size != sfuBlank[strings.ToLower(videoMime)] {
				t.Errorf("%s keyframe sizes %v: the bot sent %s, want only %dx%d", videoMime, video.sizes, size, width, height)
			}
		}
	}
	audio := r.tracks[strings.ToLower(webrtc.MimeTypeOpus)]
	switch {
	case audio == nil:
		t.Errorf("subscriber received no %s track", webrtc.MimeTypeOpus)
	case audio.packets < minAudioPackets():
		t.Errorf("subscriber received %d %s packets, want at least %d", audio.packets, webrtc.MimeTypeOpus, minAudioPackets())
	}
}
