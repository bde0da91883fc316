package command

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/metrics"
)

// maxHTTPBody bounds a command's body; LiveKit's data limit is far below.
const maxHTTPBody = 64 << 10

// HTTPDoor serves the local HTTP API:
//
//	POST /v1/commands/{method}  params as the body; 200 and the result, or
//	                            an error status and {"error": {code, message}}
//	GET  /v1/status             the status command's result
//	GET  /metrics               the bot's Prometheus metrics (bot/metrics)
//	GET  /healthz               200 while connected, 503 otherwise
//	GET  /readyz                200 while connected and publishing every
//	                            configured source, 503 otherwise, with
//	                            the sources still unpublished
//
// /healthz and /readyz need no token: a probe holds none, and they reveal
// only the connection state and the names of configured sources.
type HTTPDoor struct {
	d     *Dispatcher
	b     *bot.Bot
	token string
	srv   *http.Server
	ln    net.Listener
	wg    sync.WaitGroup
}

// HTTPOptions configure the HTTP door.
type HTTPOptions struct {
	// Addr is host:port. Without a Token it must be a loopback address.
	Addr string
	// Token, when set, is required as "Authorization: Bearer <token>", and
	// allows binding beyond loopback.
	Token string
}

// OpenHTTPDoor starts listening; Close stops the server and waits for it.
func OpenHTTPDoor(d *Dispatcher, b *bot.Bot, opts HTTPOptions) (*HTTPDoor, error) {
	if opts.Token == "" {
		if err := requireLoopback(opts.Addr); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("http: %w", err)
	}
	door := &HTTPDoor{d: d, b: b, token: opts.Token, ln: ln}
	guarded := http.NewServeMux()
	guarded.HandleFunc("POST /v1/commands/{method}", door.command)
	guarded.HandleFunc("GET /v1/status", door.status)
	// Prometheus can send the token (authorization in its scrape config).
	guarded.Handle("GET /metrics", metrics.Handler(b.Snapshot))
	// A health probe (systemd, Kubernetes) holds no token, and the answer
	// says only whether the bot is connected and publishing; every other
	// path needs one.
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", door.health)
	mux.HandleFunc("GET /readyz", door.ready)
	mux.Handle("/", door.authorise(guarded))
	door.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	door.wg.Add(1)
	go func() {
		defer door.wg.Done()
		_ = door.srv.Serve(ln)
	}()
	return door, nil
}

// Addr is the address the door listens on.
func (door *HTTPDoor) Addr() string { return door.ln.Addr().String() }

// Close shuts the server down and waits for it.
func (door *HTTPDoor) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := door.srv.Shutdown(ctx)
	door.wg.Wait()
	return err
}

func requireLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("http: %q is not host:port: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("http: %s is not a loopback address; bind 127.0.0.1 or set --http-token", addr)
}

func (door *HTTPDoor) authorise(next http.Handler) http.Handler {
	if door.token == "" {
		return next
	}
	want := []byte("Bearer " + door.token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			w.Header().Set("WWW-Authenticate", "Bearer")
			writeJSON(w, http.StatusUnauthorized, errorBody{errorf(CodeNotAuthorised, "not authorised: missing or wrong bearer token")})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (door *HTTPDoor) command(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxHTTPBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, errorf(CodePayloadTooLarge, "body over %d bytes", maxHTTPBody))
			return
		}
		writeError(w, errorf(CodeMalformed, "read body: %v", err))
		return
	}
	if len(body) > 0 && !json.Valid(body) {
		writeError(w, errorf(CodeMalformed, "body is not JSON"))
		return
	}
	result, cerr := door.d.Dispatch(r.Context(), Call{Method: r.PathValue("method"), Params: body, Caller: LocalCaller, Door: DoorHTTP})
	if cerr != nil {
		writeError(w, cerr)
		return
	}
	writeJSON(w, http.StatusOK, result)
}

func (door *HTTPDoor) status(w http.ResponseWriter, r *http.Request) {
	result, cerr := door.d.Dispatch(r.Context(), Call{Method: "status", Caller: LocalCaller, Door: DoorHTTP})
	if cerr != nil {
		writeError(w, cerr)
		return
	}
	writeJSON(w, http.StatusOK, result)
}

func (door *HTTPDoor) health(w http.ResponseWriter, _ *http.Request) {
	if door.b.Connected() {
		writeJSON(w, http.StatusOK, map[string]string{"status": "connected"})
		return
	}
	writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": door.b.Status().Connection})
}

// readiness is /readyz's answer: status is "ready", or the connection
// state when the bot is not ready.
type readiness struct {
	Status string `json:"status"`
	// Unpublished names the configured sources without a published track.
	Unpublished []string `json:"unpublished,omitempty"`
}

func (door *HTTPDoor) ready(w http.ResponseWriter, _ *http.Request) {
	s := door.b.Snapshot()
	if s.Ready() {
		writeJSON(w, http.StatusOK, readiness{Status: "ready"})
		return
	}
	writeJSON(w, http.StatusServiceUnavailable, readiness{Status: s.Connection, Unpublished: s.Unpublished()})
}

// errorBody is how the HTTP door reports a failed command.
type errorBody struct {
	Error *Error `json:"error"`
}

func writeError(w http.ResponseWriter, err *Error) {
	writeJSON(w, HTTPStatus(err.Code), errorBody{err})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
