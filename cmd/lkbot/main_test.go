package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/internal/lktest"
)

// runCLI runs lkbot in-process and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut syncBuffer
	code = run(append([]string{"lkbot"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

// syncBuffer is a bytes.Buffer safe for the SDK's goroutines, which may log
// a last line while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// expectOneLineError checks a bad input: non-zero exit, one error line that
// starts with lkbot and the command (args[0]) and contains want, and no
// panic or stack trace.
func expectOneLineError(t *testing.T, wantCode int, want string, args ...string) {
	t.Helper()
	for _, env := range []string{"LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "LIVEKIT_TOKEN", "LKBOT_HTTP_TOKEN"} {
		t.Setenv(env, "")
	}
	code, _, stderr := runCLI(t, args...)
	if code != wantCode {
		t.Errorf("exit code %d, want %d (stderr %q)", code, wantCode, stderr)
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if len(lines) != 1 {
		t.Errorf("want exactly one line on stderr, got %d: %q", len(lines), stderr)
	}
	last := lines[len(lines)-1]
	if prefix := "lkbot " + args[0] + ":"; !strings.HasPrefix(last, prefix) && !strings.HasPrefix(last, "lkbot "+args[0]+" ") || !strings.Contains(last, want) {
		t.Errorf("error line %q, want it to start with %q and contain %q", last, prefix, want)
	}
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
		t.Errorf("stack trace in output: %s", stderr)
	}
}

func TestBadValues(t *testing.T) {
	base := []string{"join", "--url", "ws://127.0.0.1:1", "--api-key", "k", "--api-secret", "s", "--room", "r"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"zero resolution", []string{"--resolution", "0x0"}, "resolution: 0x0 is out of range"},
		{"fps 1000", []string{"--fps", "1000"}, "fps: 1000 is out of range (1 to 60)"},
		{"unknown codec", []string{"--video-codec", "av9"}, `video_codec: unknown codec "av9"`},
		{"unknown spec", []string{"--camera", "webcam"}, `camera: unknown source "webcam"`},
		{"missing file", []string{"--camera", "file:/nonexistent/x.ivf"}, "camera: open /nonexistent/x.ivf: no such file"},
		{"screen fps", []string{"--screen-fps", "0"}, "screen_fps: 0 is out of range (1 to 60)"},
		{"bad attribute", []string{"--attribute", "novalue"}, `--attribute: "novalue" is not k=v`},
		{"empty attribute key", []string{"--attribute", "=v"}, "attributes: empty key"},
		{"public http without token", []string{"--http", "0.0.0.0:8080"}, "http: 0.0.0.0:8080 is not a loopback address"},
		{"bad log format", []string{"--log-format", "xml"}, `log_format: unknown log format "xml"`},
		{"bad log level", []string{"--log-level", "loud"}, `unknown log level "loud"`},
		{"unknown flag", []string{"--fpss", "3"}, "unknown flag --fpss"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectOneLineError(t, exitUsage, tt.want, append(base, tt.args...)...)
		})
	}
	expectOneLineError(t, exitUsage, "auth: give --token", "join", "--url", "ws://127.0.0.1:1", "--room", "r")
}

func TestBadConfigFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	unknown := write("unknown.yaml", "url: ws://127.0.0.1:1\nroom: r\nframerate: 30\n")
	expectOneLineError(t, exitUsage, `line 3: unknown key "framerate"`, "join", "--config", unknown)
	wrongType := write("type.yaml", "url: ws://127.0.0.1:1\nfps: thirty\n")
	expectOneLineError(t, exitUsage, `line 2: key "fps": want an integer, got "thirty"`, "join", "--config", wrongType)
	expectOneLineError(t, exitUsage, "no such file", "join", "--config", filepath.Join(dir, "missing.yaml"))
}

func TestConnectErrors(t *testing.T) {
	srv := lktest.Start(t)
	url := srv.URL()
	mint := func(room string, grant *auth.VideoGrant, ttl time.Duration) string {
		grant.RoomJoin, grant.Room = true, room
		tok, err := auth.NewAccessToken(lktest.DistinctKey, lktest.DistinctSecret).SetVideoGrant(grant).SetIdentity("x").SetValidFor(ttl).ToJWT()
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	no := false
	expired := expiredToken(t, lktest.DistinctKey, lktest.DistinctSecret, "r")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unreachable", []string{"--url", "ws://127.0.0.1:1", "--api-key", "k", "--api-secret", "s", "--room", "r"}, "server unreachable"},
		{"wrong secret", []string{"--url", url, "--api-key", lktest.DistinctKey, "--api-secret", "not-the-right-secret-value-123456", "--room", "r"}, "rejected the credentials"},
		{"unknown key", []string{"--url", url, "--api-key", "nobody", "--api-secret", lktest.DistinctSecret, "--room", "r"}, "rejected the credentials"},
		{"malformed token", []string{"--url", url, "--token", "abc.def"}, "not a JWT"},
		{"garbage token", []string{"--url", url, "--token", "a.b.c"}, "claims are not"},
		{"expired token", []string{"--url", url, "--token", expired}, "expired at"},
		{"other room", []string{"--url", url, "--room", "mine", "--token", mint("theirs", &auth.VideoGrant{}, time.Hour)}, `it is for room "theirs", not "mine"`},
		{"no publish", []string{"--url", url, "--token", mint("r", &auth.VideoGrant{CanPublish: &no}, time.Hour)}, "does not grant canPublish"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, append([]string{"join", "--duration", "1s"}, tt.args...)...)
			if code == exitOK {
				t.Fatalf("exit 0, want failure")
			}
			line := strings.TrimSpace(stderr[strings.LastIndex(strings.TrimRight(stderr, "\n"), "\n")+1:])
			if !strings.Contains(line, tt.want) {
				t.Fatalf("error %q, want %q (stdout %q)", line, tt.want, stdout)
			}
			for _, a := range tt.args {
				if len(a) > 20 && strings.Contains(stderr+stdout, a) && strings.Count(a, ".") == 2 {
					t.Fatalf("token echoed in output")
				}
			}
		})
	}
}

// TestSecretNeverLeaks runs a full session at debug level, with events on
// stdout, plus a rejected join, and looks for the secret and the token in
// everything lkbot printed.
func TestSecretNeverLeaks(t *testing.T) {
	srv := lktest.Start(t)
	args := []string{"join", "--url", srv.URL(), "--api-key", lktest.DistinctKey, "--api-secret", lktest.DistinctSecret,
		"--room", "leak", "--duration", "3s", "--log-level", "debug", "--log-format", "json", "--events", "-", "--resolution", "320x180", "--fps", "10"}
	code, stdout, stderr := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `"type":"connected"`) || !strings.Contains(stderr, "DEBUG") && !strings.Contains(stderr, `"level":"debug"`) {
		t.Fatalf("expected events and debug logs, got stdout %d bytes, stderr %d bytes", len(stdout), len(stderr))
	}
	tok, err := auth.NewAccessToken(lktest.DistinctKey, lktest.DistinctSecret).SetVideoGrant(&auth.VideoGrant{RoomJoin: true, Room: "other"}).SetIdentity("x").ToJWT()
	if err != nil {
		t.Fatal(err)
	}
	_, out2, err2 := runCLI(t, "join", "--url", srv.URL(), "--room", "leak", "--token", tok, "--log-level", "debug")
	_, out3, err3 := runCLI(t, "join", "--url", "ws://127.0.0.1:1", "--api-key", lktest.DistinctKey, "--api-secret", lktest.DistinctSecret, "--room", "x", "--log-level", "debug")
	all := stdout + stderr + out2 + err2 + out3 + err3
	for _, secret := range []string{lktest.DistinctSecret, tok} {
		if strings.Contains(all, secret) {
			t.Fatalf("secret leaked into output")
		}
	}
}

// TestNoGoroutineLeak: a full join and leave leaves nothing running.
func TestNoGoroutineLeak(t *testing.T) {
	srv := lktest.Start(t)
	ignore := goleak.IgnoreCurrent()
	defer func() {
		// lksdk validates tokens over http.DefaultClient, whose transport
		// keeps idle connections for reuse: they are net/http's pool, not
		// the bot's, so close them rather than ignore their goroutines.
		http.DefaultClient.CloseIdleConnections()
		goleak.VerifyNone(t, ignore)
	}()
	code, _, stderr := runCLI(t, "join", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
		"--room", "leak", "--duration", "2s", "--resolution", "320x180", "--fps", "10")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// expiredToken signs a join token for room that expired a minute ago. The
// auth package replaces a lifetime of zero or less with its default, so
// the JWT is put together here (HS256, as LiveKit signs it).
func expiredToken(t *testing.T, key, secret, room string) string {
	t.Helper()
	now := time.Now().Unix()
	claims, err := json.Marshal(map[string]any{
		"iss": key, "sub": "x", "nbf": now - 120, "exp": now - 60,
		"video": map[string]any{"roomJoin": true, "room": room},
	})
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	unsigned := enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc(claims)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(unsigned))
	return unsigned + "." + enc(mac.Sum(nil))
}
