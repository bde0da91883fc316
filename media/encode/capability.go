package encode

import (
	"fmt"

	"github.com/pion/webrtc/v4"
)

// Capability is the RTP codec capability lksdk publishes for a codec name.
func Capability(codecName string) (webrtc.RTPCodecCapability, error) {
	switch codecName {
	case VP8:
		return webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8, ClockRate: 90000}, nil
	case VP9:
		return webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP9, ClockRate: 90000, SDPFmtpLine: "profile-id=0"}, nil
	case H264:
		return webrtc.RTPCodecCapability{
			MimeType:    webrtc.MimeTypeH264,
			ClockRate:   90000,
			SDPFmtpLine: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
		}, nil
	case "opus":
		return webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: "minptime=10;useinbandfec=1"}, nil
	}
	return webrtc.RTPCodecCapability{}, fmt.Errorf("%w %q", ErrUnknownCodec, codecName)
}
