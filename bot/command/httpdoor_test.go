package command

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/lktest"
)

func call(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

func TestHTTPDoor(t *testing.T) {
	srv := lktest.Start(t)
	b, doors, events := commandedBot(t, srv)
	if err := doors.OpenHTTP(b, HTTPOptions{Addr: "127.0.0.1:0", Token: "t0ken-for-tests"}); err != nil {
		t.Fatal(err)
	}
	base := "http://" + doors.HTTPAddr()
	const tok = "t0ken-for-tests"

	// /healthz reveals only whether the bot is connected, so a probe
	// needs no token; every other path does, and refuses a wrong one.
	for _, token := range []string{"", "wrong", tok} {
		if code, body := call(t, "GET", base+"/healthz", token, ""); code != http.StatusOK || strings.TrimSpace(body) != `{"status":"connected"}` {
			t.Fatalf("healthz with token %q: %d %s, want 200 connected", token, code, body)
		}
	}
	for _, token := range []string{"", "wrong"} {
		for _, req := range [][2]string{{"GET", "/v1/status"}, {"GET", "/metrics"}, {"POST", "/v1/commands/leave"}, {"POST", "/v1/commands/dance"}, {"GET", "/nowhere"}} {
			if code, body := call(t, req[0], base+req[1], token, ""); code != http.StatusUnauthorized || !strings.Contains(body, CodeNotAuthorised) {
				t.Fatalf("%s %s with token %q: %d %s, want 401", req[0], req[1], token, code, body)
			}
		}
	}
	code, body := call(t, "POST", base+"/v1/commands/mute", tok, `{"source":"camera","muted":true}`)
	if code != http.StatusOK || strings.TrimSpace(body) != `{"ok":true}` {
		t.Fatalf("mute: %d %s", code, body)
	}
	code, body = call(t, "GET", base+"/v1/status", tok, "")
	var st bot.Status
	if err := json.Unmarshal([]byte(body), &st); code != 200 || err != nil || st.Identity != "bot" || st.Room != "room" || st.Connection != bot.StateConnected {
		t.Fatalf("status: %d %s", code, body)
	}
	for _, tr := range st.Tracks {
		if (tr.Source == "camera") != tr.Muted || tr.SID == "" || tr.Codec == "" {
			t.Fatalf("track status %+v", tr)
		}
	}
	for _, tc := range []struct {
		path, body, code string
		status           int
	}{
		{"/v1/commands/dance", `{}`, CodeUnknownMethod, 404},
		{"/v1/commands/mute", `{"source":`, CodeMalformed, 400},
		{"/v1/commands/mute", `{"source":"camera"}`, CodeInvalidParams, 400},
		{"/v1/commands/mute", `{"source":"tv","muted":true}`, CodeInvalidParams, 400},
		{"/v1/commands/set_name", `{"name":7}`, CodeInvalidParams, 400},
		{"/v1/commands/unpublish", `{"source":"screen_share"}`, CodeNotPublished, 409},
		{"/v1/commands/send_data", `{"payload":"` + strings.Repeat("x", bot.MaxDataSize+1) + `"}`, CodePayloadTooLarge, 413},
	} {
		code, body := call(t, "POST", base+tc.path, tok, tc.body)
		var e errorBody
		if err := json.Unmarshal([]byte(body), &e); err != nil || code != tc.status || e.Error == nil || e.Error.Code != tc.code {
			t.Errorf("POST %s %.40s: %d %s, want %d %s", tc.path, tc.body, code, body, tc.status, tc.code)
		}
	}
	ev := events.wait(t, "http command event", func(e event.Event) bool { c, ok := e.(event.Command); return ok && c.Door == DoorHTTP })
	if c := ev.(event.Command); c.Caller != LocalCaller || c.Method != "mute" {
		t.Fatalf("event %+v", c)
	}
	if code, _ := call(t, "POST", base+"/v1/commands/leave", tok, ""); code != 200 {
		t.Fatalf("leave: %d", code)
	}
	select {
	case <-b.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("leave did not end the bot's run")
	}
	_ = b.Close()
	if code, _ := call(t, "GET", base+"/healthz", "", ""); code != http.StatusServiceUnavailable {
		t.Fatalf("healthz after leaving: %d, want 503", code)
	}
}

func TestHTTPDoorRefusesNonLoopbackWithoutToken(t *testing.T) {
	if err := requireLoopback("0.0.0.0:8080"); err == nil || !strings.Contains(err.Error(), "--http-token") {
		t.Fatalf("0.0.0.0 without a token: %v", err)
	}
	for _, ok := range []string{"127.0.0.1:0", "[::1]:80", "localhost:9"} {
		if err := requireLoopback(ok); err != nil {
			t.Fatalf("%s: %v", ok, err)
		}
	}
}

// waitFor calls f until it reports true, failing t after a deadline with
// what f said last.
func waitFor(t *testing.T, what string, f func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, last := f()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still %s after 10 s", what, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// readyz asks /readyz without a token, as a probe does.
func readyz(t *testing.T, base string) (int, readiness) {
	t.Helper()
	code, body := call(t, "GET", base+"/readyz", "", "")
	var r readiness
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("readyz body %q: %v", body, err)
	}
	return code, r
}

func waitReadyz(t *testing.T, base string, want int, wantStatus string) readiness {
	t.Helper()
	var r readiness
	waitFor(t, fmt.Sprintf("readyz %d %s", want, wantStatus), func() (bool, string) {
		var code int
		code, r = readyz(t, base)
		return code == want && r.Status == wantStatus, fmt.Sprintf("%d %+v", code, r)
	})
	return r
}

func TestHTTPDoorReadyz(t *testing.T) {
	srv := lktest.Start(t)
	cfg := bot.DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret = srv.URL(), srv.APIKey(), srv.APISecret()
	cfg.Room, cfg.Identity, cfg.Resolution, cfg.FPS = "room", "bot", "320x180", 15
	b, err := bot.New(bot.Params{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	doors, err := Attach(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		doors.Close()
		b.Close()
	})
	const tok = "t0ken-for-tests"
	if err := doors.OpenHTTP(b, HTTPOptions{Addr: "127.0.0.1:0", Token: tok}); err != nil {
		t.Fatal(err)
	}
	base := "http://" + doors.HTTPAddr()

	// Before joining: not ready, and every configured source is missing.
	code, r := readyz(t, base)
	if code != http.StatusServiceUnavailable || r.Status != bot.StateConnecting || strings.Join(r.Unpublished, ",") != "camera,microphone" {
		t.Fatalf("readyz before joining: %d %+v, want 503 connecting camera,microphone", code, r)
	}
	if err := b.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitReadyz(t, base, http.StatusOK, "ready")
	// A wrong token does not matter: the path takes none.
	if code, body := call(t, "GET", base+"/readyz", "wrong", ""); code != http.StatusOK || strings.TrimSpace(body) != `{"status":"ready"}` {
		t.Fatalf("readyz with a wrong token: %d %s", code, body)
	}

	// A muted track is still published; an unpublished one is not.
	if code, body := call(t, "POST", base+"/v1/commands/mute", tok, `{"source":"microphone","muted":true}`); code != http.StatusOK {
		t.Fatalf("mute: %d %s", code, body)
	}
	if code, r := readyz(t, base); code != http.StatusOK {
		t.Fatalf("readyz with the microphone muted: %d %+v, want 200", code, r)
	}
	if code, body := call(t, "POST", base+"/v1/commands/unpublish", tok, `{"source":"camera"}`); code != http.StatusOK {
		t.Fatalf("unpublish: %d %s", code, body)
	}
	r = waitReadyz(t, base, http.StatusServiceUnavailable, bot.StateConnected)
	if strings.Join(r.Unpublished, ",") != "camera" {
		t.Fatalf("readyz without the camera: unpublished %v, want camera", r.Unpublished)
	}
	if code, body := call(t, "POST", base+"/v1/commands/publish", tok, `{"source":"camera"}`); code != http.StatusOK {
		t.Fatalf("publish: %d %s", code, body)
	}
	waitReadyz(t, base, http.StatusOK, "ready")

	if code, body := call(t, "POST", base+"/v1/commands/leave", tok, ""); code != http.StatusOK {
		t.Fatalf("leave: %d %s", code, body)
	}
	waitReadyz(t, base, http.StatusServiceUnavailable, bot.StateDisconnected)
}

// metricValue finds the series of name whose labels include label in a
// text-format scrape.
func metricValue(scrape, name, label string) (float64, bool) {
	for _, line := range strings.Split(scrape, "\n") {
		rest, ok := strings.CutPrefix(line, name)
		if !ok || (rest != "" && rest[0] != '{' && rest[0] != ' ') || !strings.Contains(rest, label) {
			continue
		}
		v, err := strconv.ParseFloat(rest[strings.LastIndexByte(rest, ' ')+1:], 64)
		return v, err == nil
	}
	return 0, false
}

func TestHTTPDoorMetrics(t *testing.T) {
	srv := lktest.Start(t)
	b, doors, _ := commandedBot(t, srv)
	const tok = "t0ken-for-tests"
	if err := doors.OpenHTTP(b, HTTPOptions{Addr: "127.0.0.1:0", Token: tok}); err != nil {
		t.Fatal(err)
	}
	base := "http://" + doors.HTTPAddr()

	// Metrics name the tracks and sources: they need the token.
	for _, token := range []string{"", "wrong"} {
		if code, body := call(t, "GET", base+"/metrics", token, ""); code != http.StatusUnauthorized {
			t.Fatalf("metrics with token %q: %d %s, want 401", token, code, body)
		}
	}
	scrape := func() string {
		code, body := call(t, "GET", base+"/metrics", tok, "")
		if code != http.StatusOK {
			t.Fatalf("metrics: %d %s", code, body)
		}
		return body
	}
	const camera = `source="camera"`
	first := scrape()
	sent, ok := metricValue(first, "lkbot_track_sent_frames_total", camera)
	if !ok {
		t.Fatalf("no camera lkbot_track_sent_frames_total in:\n%s", first)
	}
	for _, want := range []struct{ name, label string }{
		{"go_goroutines", ""},
		{"process_resident_memory_bytes", ""},
		{"lkbot_connection_state", `state="connected"`},
		{"lkbot_ready", ""},
		{"lkbot_track_published", camera},
	} {
		if v, ok := metricValue(first, want.name, want.label); !ok || (strings.HasPrefix(want.name, "lkbot_") && v != 1) {
			t.Errorf("%s{%s} = %g (present %v), want present and lkbot_ ones 1", want.name, want.label, v, ok)
		}
	}
	waitFor(t, "camera frames sent rising between scrapes", func() (bool, string) {
		now, _ := metricValue(scrape(), "lkbot_track_sent_frames_total", camera)
		return now > sent, fmt.Sprintf("%g, first scrape %g", now, sent)
	})
	// Past the first second (a frame written as the stream binds may
	// never reach the network), a video frame takes one RTP packet or more.
	var last string
	waitFor(t, "a second of camera frames", func() (bool, string) {
		last = scrape()
		frames, _ := metricValue(last, "lkbot_track_sent_frames_total", camera)
		return frames >= 30, fmt.Sprintf("%g frames", frames)
	})
	if v, ok := metricValue(last, "lkbot_track_sent_bytes_total", camera); !ok || v == 0 {
		t.Errorf("camera lkbot_track_sent_bytes_total = %g (present %v), want above 0", v, ok)
	}
	frames, _ := metricValue(last, "lkbot_track_sent_frames_total", camera)
	if packets, ok := metricValue(last, "lkbot_track_sent_packets_total", camera); !ok || packets < frames || frames == 0 {
		t.Errorf("camera lkbot_track_sent_packets_total = %g (present %v) for %g frames, want at least one a frame", packets, ok, frames)
	}
}
