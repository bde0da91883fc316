package impair

import (
	"strings"
	"testing"
	"time"
)

func TestParseSpec(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		in   string
		want Spec
	}{
		{"", Spec{}},
		{"loss=5%", Spec{In: Link{Loss: 0.05}, Out: Link{Loss: 0.05}}},
		{"loss=5%,delay=80ms,jitter=10ms", Spec{
			In:  Link{Loss: 0.05, Delay: 80 * ms, Jitter: 10 * ms},
			Out: Link{Loss: 0.05, Delay: 80 * ms, Jitter: 10 * ms}}},
		{"in:loss=10%", Spec{In: Link{Loss: 0.1}}},
		{"out:delay=100ms", Spec{Out: Link{Delay: 100 * ms}}},
		// A direction's own key wins over the shared one, in either order.
		{"in:loss=10%,loss=1%", Spec{In: Link{Loss: 0.1}, Out: Link{Loss: 0.01}}},
		{"loss=1%, out:loss=0% ,seed=7", Spec{In: Link{Loss: 0.01}, Seed: 7}},
		{"loss=20%,burst=4", Spec{In: Link{Loss: 0.2, Burst: 4}, Out: Link{Loss: 0.2, Burst: 4}}},
	} {
		got, err := ParseSpec(tc.in)
		if err != nil {
			t.Errorf("ParseSpec(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseSpec(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
		again, err := ParseSpec(got.String())
		if err != nil || again != got {
			t.Errorf("ParseSpec(%q).String() = %q, which parses to %+v, %v", tc.in, got.String(), again, err)
		}
	}
}

// TestParseSpecErrors: each bad spec gets one line that names the bad part.
func TestParseSpecErrors(t *testing.T) {
	for _, tc := range []struct{ in, names string }{
		{"loss=5", "loss=5"},
		{"loss=101%", "loss=101%"},
		{"loss=-1%", "loss=-1%"},
		{"loss=NaN%", "loss=NaN%"},
		{"delay=fast", "delay=fast"},
		{"delay=-5ms", "delay=-5ms"},
		{"jitter=1h", "jitter=1h"},
		{"burst=0.5", "burst=0.5"},
		{"loss=80%,burst=2", "burst=2: runs that long allow at most 66.67% loss"},
		{"lose=5%", `"lose"`},
		{"sideways:loss=5%", `"sideways"`},
		{"in:seed=3", "seed"},
		{"seed=x", "seed=x"},
		{"loss=5%,", `""`},
		{"loss", `"loss"`},
		{"loss=1%,loss=2%", "loss given twice"},
		{"in:delay=1ms,in:delay=2ms", "delay given twice"},
	} {
		_, err := ParseSpec(tc.in)
		if err == nil {
			t.Errorf("ParseSpec(%q) accepted it", tc.in)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, tc.names) || strings.Contains(msg, "\n") {
			t.Errorf("ParseSpec(%q): %q, want one line naming %s", tc.in, msg, tc.names)
		}
	}
}
