package command

import (
	"encoding/json"
	"io"
	"net/http"
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
		for _, req := range [][2]string{{"GET", "/v1/status"}, {"POST", "/v1/commands/leave"}, {"POST", "/v1/commands/dance"}, {"GET", "/nowhere"}} {
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
