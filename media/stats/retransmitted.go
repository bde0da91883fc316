package stats

import (
	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v4"
)

// Retransmitted reports whether a packet that pion's TrackRemote.ReadRTP
// returned with attrs is a retransmission it unwrapped from the track's
// RTX stream, to be given to PushRepair rather than Push. LiveKit resends
// lost video packets that way.
func Retransmitted(attrs interceptor.Attributes) bool {
	return attrs != nil && attrs.Get(webrtc.AttributeRtxSsrc) != nil
}
