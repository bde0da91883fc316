package impair

import (
	"strings"
	"testing"
)

// FuzzParseSpec: any string is parsed or refused with one line, never a
// panic, and a parsed spec is in range and survives String.
func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"", "loss=5%,delay=80ms,jitter=10ms", "in:loss=10%", "out:delay=100ms,seed=3",
		"loss=20%,burst=4", "in:loss=1e1%", "in:", "=,=", "loss=%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spec, err := ParseSpec(s)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("ParseSpec(%q): error of several lines: %q", s, err)
			}
			return
		}
		for _, l := range []Link{spec.In, spec.Out} {
			if !(l.Loss >= 0 && l.Loss <= 1) || l.Delay < 0 || l.Delay > MaxDelay || l.Jitter < 0 || l.Jitter > MaxDelay ||
				(l.Burst != 0 && !(l.Burst >= 1 && l.Burst <= MaxBurst)) {
				t.Fatalf("ParseSpec(%q) = %+v, out of range", s, spec)
			}
		}
		if _, err := ParseSpec(spec.String()); err != nil {
			t.Fatalf("ParseSpec(%q).String() = %q, which does not parse: %v", s, spec.String(), err)
		}
	})
}
