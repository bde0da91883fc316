package logging

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"sync"
)

// Redacted replaces a secret wherever lkbot writes text.
const Redacted = "[REDACTED]"

// Redactor is an io.Writer that replaces secrets before they reach the
// underlying writer. Each Write must hold whole lines, as zap and the event
// writer produce, so that a secret is never split across two writes.
type Redactor struct {
	w       io.Writer
	mu      sync.RWMutex
	secrets [][]byte
}

// MinSecretLen is the shortest secret a Redactor replaces: shorter strings
// would mangle ordinary words, and LiveKit's secrets are far longer.
const MinSecretLen = 8

// NewRedactor wraps w. Secrets shorter than MinSecretLen are ignored.
func NewRedactor(w io.Writer, secrets ...string) *Redactor {
	r := &Redactor{w: w}
	r.Add(secrets...)
	return r
}

// Add makes r replace more secrets, as written and as JSON escapes them.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if len(s) < MinSecretLen {
			continue
		}
		r.secrets = append(r.secrets, []byte(s))
		quoted, _ := json.Marshal(s)
		if escaped := quoted[1 : len(quoted)-1]; string(escaped) != s {
			r.secrets = append(r.secrets, escaped)
		}
	}
}

// Write writes p with every secret replaced. It reports len(p) on success so
// that callers do not see the length change.
func (r *Redactor) Write(p []byte) (int, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := p
	for _, s := range r.secrets {
		if bytes.Contains(out, s) {
			out = bytes.ReplaceAll(out, s, []byte(Redacted))
		}
	}
	if _, err := r.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// String returns s with every secret replaced.
func (r *Redactor) String(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, string(sec), Redacted)
	}
	return s
}
