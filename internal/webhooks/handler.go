package webhooks

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/utils/protojson"
	"github.com/livekit/protocol/webhook"
)

// MaxBodySize bounds a webhook's body; LiveKit's events are a few KiB.
const MaxBodySize = 1 << 20

// Rejection describes a refused request, without any of its content.
type Rejection struct {
	Status int    // HTTP status answered
	Reason string // a fixed phrase, e.g. "invalid signature"
	Remote string // the client's address
}

// HandlerParams are what a Handler needs.
type HandlerParams struct {
	// Keys holds the API key and secret the server signs with.
	Keys auth.KeyProvider
	// Emit receives each verified event; an error answers 500, so that
	// LiveKit retries.
	Emit func(*livekit.WebhookEvent) error
	// OnReject, if set, is told about each refused request.
	OnReject func(Rejection)
}

// Handler is an http.Handler that verifies LiveKit webhooks.
type Handler struct {
	p HandlerParams
}

var _ http.Handler = (*Handler)(nil)

// NewHandler returns a handler for p; Keys and Emit are required.
func NewHandler(p HandlerParams) *Handler {
	if p.Keys == nil || p.Emit == nil {
		panic("webhooks: NewHandler needs Keys and Emit")
	}
	return &Handler{p: p}
}

// ServeHTTP checks the signature before it looks at the body, so that an
// unsigned or forged request is 401 whatever it holds.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.reject(w, r, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodySize))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.reject(w, r, http.StatusRequestEntityTooLarge, "body too large")
			return
		}
		h.reject(w, r, http.StatusBadRequest, "body unreadable")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	// webhook.Receive is the verifying half of webhook.ReceiveWebhookEvent;
	// decoding separately tells a bad signature (401) from a bad body (400).
	data, err := webhook.Receive(r, h.p.Keys)
	if err != nil {
		h.reject(w, r, http.StatusUnauthorized, signatureReason(err))
		return
	}
	ev := &livekit.WebhookEvent{}
	if err := protojson.Unmarshal(data, ev); err != nil {
		h.reject(w, r, http.StatusBadRequest, "malformed body")
		return
	}
	if ev.GetEvent() == "" {
		h.reject(w, r, http.StatusBadRequest, "malformed body: no event name")
		return
	}
	if err := h.p.Emit(ev); err != nil {
		http.Error(w, "cannot record the event", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// signatureReason names why verification failed, in a fixed phrase: the
// underlying errors may quote parts of the token.
func signatureReason(err error) string {
	switch {
	case errors.Is(err, webhook.ErrNoAuthHeader):
		return "missing signature"
	case errors.Is(err, webhook.ErrSecretNotFound):
		return "unknown API key"
	case errors.Is(err, webhook.ErrInvalidChecksum):
		return "body does not match its signature"
	}
	return "invalid signature"
}

func (h *Handler) reject(w http.ResponseWriter, r *http.Request, status int, reason string) {
	http.Error(w, reason, status)
	if h.p.OnReject != nil {
		h.p.OnReject(Rejection{Status: status, Reason: reason, Remote: r.RemoteAddr})
	}
}
