package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"

	"github.com/lkbot/lkbot/internal/lktest"
)

// TestWebhookListen runs `lkbot webhook listen` with a real server posting
// to it: the room's webhooks come out as JSON lines, a forged one is
// refused and printed nowhere on stdout, and SIGTERM stops it with exit 0.
func TestWebhookListen(t *testing.T) {
	lktest.SkipShort(t) // before the listener it starts
	var stdout, stderr syncBuffer
	exited := make(chan int, 1)
	go func() {
		exited <- run([]string{"lkbot", "webhook", "listen", "--addr", "127.0.0.1:0", "--api-key", lktest.APIKey, "--api-secret", lktest.APISecret}, &stdout, &stderr)
	}()
	addrRe := regexp.MustCompile(`listening for LiveKit webhooks on http://(127\.0\.0\.1:\d+)/`)
	var addr string
	waitUntil(t, "the listener", func() bool {
		select {
		case code := <-exited:
			t.Fatalf("exited %d: %s", code, stderr.String())
		default:
		}
		m := addrRe.FindStringSubmatch(stderr.String())
		if m != nil {
			addr = m[1]
		}
		return m != nil
	})
	srv := lktest.Start(t, lktest.WithWebhook("http://"+addr+"/"))
	if code, _, errOut := runCLI(t, serverArgs(srv, "room", "create", "--room", "hooked", "--empty-timeout", "1s")...); code != exitOK {
		t.Fatal(errOut)
	}
	events := func() map[string]map[string]any {
		out := map[string]map[string]any{}
		sc := bufio.NewScanner(strings.NewReader(stdout.String()))
		for sc.Scan() {
			var ev map[string]any
			if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
				t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
			}
			out[ev["event"].(string)] = ev
		}
		return out
	}
	deadline := time.Now().Add(10 * time.Second)
	for evs := events(); evs["room_started"] == nil || evs["room_finished"] == nil; evs = events() {
		if time.Now().After(deadline) {
			t.Fatalf("got %q; stderr %q", stdout.String(), stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if room := events()["room_finished"]["room"].(map[string]any); room["name"] != "hooked" {
		t.Fatalf("room_finished for %v", room)
	}

	before := stdout.String()
	forged, err := auth.NewAccessToken(lktest.APIKey, "not-the-secret-at-all").SetValidFor(time.Minute).SetSha256("x").ToJWT()
	if err != nil {
		t.Fatal(err)
	}
	for _, authz := range []string{forged, ""} {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/", strings.NewReader(`{"event":"room_started","room":{"name":"fake"}}`))
		if authz != "" {
			req.Header.Set("Authorization", authz)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("forged webhook: status %d", res.StatusCode)
		}
	}
	if stdout.String() != before || strings.Contains(stderr.String(), "fake") {
		t.Fatalf("a refused webhook was printed: %q", strings.TrimPrefix(stdout.String(), before))
	}
	if !strings.Contains(stderr.String(), "webhook refused: 401 invalid signature") || !strings.Contains(stderr.String(), "webhook refused: 401 missing signature") {
		t.Fatalf("stderr %q", stderr.String())
	}

	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-exited:
		if code != exitOK {
			t.Fatalf("exit %d after SIGTERM: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the listener did not stop on SIGTERM")
	}
}

func TestWebhookListenBadInput(t *testing.T) {
	creds := []string{"--api-key", "k", "--api-secret", "s"}
	expectOneLineError(t, exitUsage, `webhook listen: address "0.0.0.0:0": not a loopback address`, append([]string{"webhook", "listen", "--addr", "0.0.0.0:0"}, creds...)...)
	expectOneLineError(t, exitUsage, "add --allow-remote to bind it", append([]string{"webhook", "listen", "--addr", ":8089"}, creds...)...)
	expectOneLineError(t, exitUsage, "webhook listen: give --api-key and --api-secret", "webhook", "listen", "--addr", "127.0.0.1:0")
	expectOneLineError(t, exitUsage, `webhook listen: address "nope": want HOST:PORT`, append([]string{"webhook", "listen", "--addr", "nope"}, creds...)...)
}
