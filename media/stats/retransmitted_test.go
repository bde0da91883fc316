package stats

import (
	"testing"

	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v4"
)

func TestRetransmitted(t *testing.T) {
	rtx := interceptor.Attributes{}
	rtx.Set(webrtc.AttributeRtxSsrc, uint32(1234))
	other := interceptor.Attributes{}
	other.Set("something", 1)
	for _, c := range []struct {
		attrs interceptor.Attributes
		want  bool
	}{{nil, false}, {other, false}, {rtx, true}} {
		if got := Retransmitted(c.attrs); got != c.want {
			t.Errorf("Retransmitted(%v) = %v, want %v", c.attrs, got, c.want)
		}
	}
}
