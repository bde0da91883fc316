package webhooks

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
)

const (
	testKey    = "whkey"
	testSecret = "whsecret-0123456789abcdef"
)

// sign returns the Authorization header LiveKit sends with body.
func sign(t testing.TB, key, secret string, body []byte) string {
	t.Helper()
	sum := sha256.Sum256(body)
	tok, err := auth.NewAccessToken(key, secret).SetValidFor(5 * time.Minute).SetSha256(base64.StdEncoding.EncodeToString(sum[:])).ToJWT()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// sink collects what a handler emits.
type sink struct {
	mu     sync.Mutex
	out    bytes.Buffer
	events int
	refs   []Rejection
}

func newTestHandler(s *sink) *Handler {
	lines := JSONLines(&s.out)
	return NewHandler(HandlerParams{
		Keys: auth.NewSimpleKeyProvider(testKey, testSecret),
		Emit: func(ev *livekit.WebhookEvent) error {
			s.mu.Lock()
			s.events++
			s.mu.Unlock()
			return lines(ev)
		},
		OnReject: func(r Rejection) {
			s.mu.Lock()
			s.refs = append(s.refs, r)
			s.mu.Unlock()
		},
	})
}

func post(h http.Handler, method string, body []byte, authz string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/hooks/livekit", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/webhook+json")
	if authz != "" {
		r.Header.Set("Authorization", authz)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHandlerAcceptsSignedEvent(t *testing.T) {
	var s sink
	h := newTestHandler(&s)
	body := []byte(`{"event":"room_started","room":{"sid":"RM_1","name":"r"},"id":"EV_1","createdAt":"1700000000","unknownField":1}`)
	if w := post(h, http.MethodPost, body, sign(t, testKey, testSecret, body)); w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	line := s.out.String()
	var got map[string]any
	if strings.Count(line, "\n") != 1 || json.Unmarshal([]byte(line), &got) != nil {
		t.Fatalf("output %q is not one JSON line", line)
	}
	if got["event"] != "room_started" || got["id"] != "EV_1" || got["room"].(map[string]any)["name"] != "r" {
		t.Fatalf("event %v", got)
	}
}

// TestHandlerRefuses: each bad request gets its status, nothing is
// emitted, and the rejection names a fixed reason.
func TestHandlerRefuses(t *testing.T) {
	event := []byte(`{"event":"participant_joined","room":{"name":"r"}}`)
	tampered := []byte(`{"event":"participant_joined","room":{"name":"other"}}`)
	malformed := []byte(`{"event": "room_started", "room": [1, 2`)
	tests := []struct {
		name   string
		method string
		body   []byte
		authz  string
		status int
		reason string
	}{
		{"missing signature", http.MethodPost, event, "", 401, "missing signature"},
		{"forged: wrong secret", http.MethodPost, event, sign(t, testKey, "not-the-secret-at-all", event), 401, "invalid signature"},
		{"forged: unknown key", http.MethodPost, event, sign(t, "other", testSecret, event), 401, "unknown API key"},
		{"garbage signature", http.MethodPost, event, "Bearer abc.def.ghi", 401, "invalid signature"},
		{"body swapped", http.MethodPost, tampered, sign(t, testKey, testSecret, event), 401, "body does not match its signature"},
		{"malformed and unsigned", http.MethodPost, malformed, "", 401, "missing signature"},
		{"malformed body", http.MethodPost, malformed, sign(t, testKey, testSecret, malformed), 400, "malformed body"},
		{"wrong type", http.MethodPost, []byte(`{"event":5}`), sign(t, testKey, testSecret, []byte(`{"event":5}`)), 400, "malformed body"},
		{"no event", http.MethodPost, []byte(`{}`), sign(t, testKey, testSecret, []byte(`{}`)), 400, "malformed body: no event name"},
		{"GET", http.MethodGet, nil, "", 405, "method not allowed"},
		{"too large", http.MethodPost, bytes.Repeat([]byte(" "), MaxBodySize+1), "", 413, "body too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s sink
			h := newTestHandler(&s)
			w := post(h, tt.method, tt.body, tt.authz)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d", w.Code, tt.status)
			}
			if s.events != 0 || s.out.Len() != 0 {
				t.Fatalf("emitted %q", s.out.String())
			}
			if len(s.refs) != 1 || s.refs[0].Reason != tt.reason || s.refs[0].Status != tt.status {
				t.Fatalf("rejections %+v, want %q", s.refs, tt.reason)
			}
		})
	}
}

func FuzzHandler(f *testing.F) {
	f.Add([]byte(`{"event":"room_started","room":{"name":"r"}}`), true)
	f.Add([]byte(`{"event":"track_published","track":{"sid":"TR_1","type":"AUDIO"}}`), true)
	f.Add([]byte(`{}`), true)
	f.Add([]byte(`not json`), true)
	f.Add([]byte(`{"event":"x"}`), false)
	f.Fuzz(func(t *testing.T, body []byte, signed bool) {
		var s sink
		h := newTestHandler(&s)
		authz := ""
		if signed {
			authz = sign(t, testKey, testSecret, body)
		}
		w := post(h, http.MethodPost, body, authz)
		switch {
		case !signed && w.Code != http.StatusUnauthorized:
			t.Fatalf("unsigned got %d", w.Code)
		case w.Code == http.StatusOK:
			if s.events != 1 || strings.Count(s.out.String(), "\n") != 1 || !json.Valid(s.out.Bytes()) {
				t.Fatalf("accepted but wrote %q", s.out.String())
			}
		case w.Code == http.StatusBadRequest || w.Code == http.StatusUnauthorized || w.Code == http.StatusRequestEntityTooLarge:
			if s.events != 0 || s.out.Len() != 0 {
				t.Fatalf("refused (%d) but wrote %q", w.Code, s.out.String())
			}
		default:
			t.Fatalf("status %d", w.Code)
		}
	})
}
