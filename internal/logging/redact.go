package logging

import (
	"bytes"
	"io"
	"strings"
)

// Redacted replaces a secret wherever lkbot writes text.
const Redacted = "[REDACTED]"

// Redactor is an io.Writer that replaces secrets before they reach the
// underlying writer. Each Write must hold whole lines, as zap and the event
// writer produce, so that a secret is never split across two writes.
type Redactor struct {
	w       io.Writer
	secrets [][]byte
}

// MinSecretLen is the shortest secret a Redactor replaces: shorter strings
// would mangle ordinary words, and LiveKit's secrets are far longer.
const MinSecretLen = 8

// NewRedactor wraps w. Secrets shorter than MinSecretLen are ignored.
func NewRedactor(w io.Writer, secrets ...string) *Redactor {
	r := &Redactor{w: w}
	for _, s := range secrets {
		if len(s) >= MinSecretLen {
			r.secrets = append(r.secrets, []byte(s))
		}
	}
	return r
}

// Write writes p with every secret replaced. It reports len(p) on success so
// that callers do not see the length change.
func (r *Redactor) Write(p []byte) (int, error) {
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
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, string(sec), Redacted)
	}
	return s
}
