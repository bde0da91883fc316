package admin

import (
	"context"
	"strings"

	"github.com/livekit/protocol/livekit"
)

// Ingress is what the server reports about one ingress. StreamKey is what
// an encoder needs to publish into the room: treat it as a secret.
type Ingress struct {
	IngressID       string `json:"ingress_id"`
	Name            string `json:"name"`
	Input           string `json:"input"` // rtmp, whip, url
	URL             string `json:"url"`
	StreamKey       string `json:"stream_key"`
	Room            string `json:"room"`
	Identity        string `json:"identity"`
	ParticipantName string `json:"participant_name"`
	Status          string `json:"status"` // ENDPOINT_INACTIVE, ENDPOINT_BUFFERING, ENDPOINT_PUBLISHING, ENDPOINT_ERROR, ENDPOINT_COMPLETE
	Error           string `json:"error,omitempty"`
}

var ingressInputs = map[string]livekit.IngressInput{
	"rtmp": livekit.IngressInput_RTMP_INPUT,
	"whip": livekit.IngressInput_WHIP_INPUT,
	"url":  livekit.IngressInput_URL_INPUT,
}

// ParseIngressInput reads an input type: rtmp, whip or url.
func ParseIngressInput(name string) (livekit.IngressInput, error) {
	if in, ok := ingressInputs[strings.ToLower(strings.TrimSpace(name))]; ok {
		return in, nil
	}
	return 0, invalid("input", "%q is unknown (want rtmp, whip or url)", name)
}

func ingressInputName(in livekit.IngressInput) string {
	for name, v := range ingressInputs {
		if v == in {
			return name
		}
	}
	return strings.ToLower(in.String())
}

func ingressFrom(i *livekit.IngressInfo) Ingress {
	return Ingress{
		IngressID:       i.GetIngressId(),
		Name:            i.GetName(),
		Input:           ingressInputName(i.GetInputType()),
		URL:             i.GetUrl(),
		StreamKey:       i.GetStreamKey(),
		Room:            i.GetRoomName(),
		Identity:        i.GetParticipantIdentity(),
		ParticipantName: i.GetParticipantName(),
		Status:          i.GetState().GetStatus().String(),
		Error:           i.GetState().GetError(),
	}
}

// CreateIngressParams describes an ingress: where media comes in and who
// it appears as in the room.
type CreateIngressParams struct {
	Input           livekit.IngressInput
	Name            string
	Room            string
	Identity        string
	ParticipantName string
	// SourceURL is the media the server pulls, for the url input only
	// (http(s):// or srt://).
	SourceURL string
	// Transcoding, when non-nil, turns transcoding on or off (WHIP
	// defaults to off, the others to on).
	Transcoding *bool
}

func createIngressRequest(p CreateIngressParams) (*livekit.CreateIngressRequest, error) {
	if err := required("room", p.Room, "identity", p.Identity); err != nil {
		return nil, err
	}
	switch p.Input {
	case livekit.IngressInput_RTMP_INPUT, livekit.IngressInput_WHIP_INPUT, livekit.IngressInput_URL_INPUT:
	default:
		return nil, invalid("input", "%d is unknown (want rtmp, whip or url)", p.Input)
	}
	if (p.Input == livekit.IngressInput_URL_INPUT) != (p.SourceURL != "") {
		return nil, invalid("source-url", "goes with the url input, and only with it")
	}
	if p.SourceURL != "" {
		if err := checkURL("source-url", p.SourceURL, "http", "https", "srt"); err != nil {
			return nil, err
		}
	}
	return &livekit.CreateIngressRequest{
		InputType:           p.Input,
		Url:                 p.SourceURL,
		Name:                p.Name,
		RoomName:            p.Room,
		ParticipantIdentity: p.Identity,
		ParticipantName:     p.ParticipantName,
		EnableTranscoding:   p.Transcoding,
	}, nil
}

// CreateIngress creates an ingress; the result holds the URL and stream
// key to publish to.
func (c *Client) CreateIngress(ctx context.Context, p CreateIngressParams) (Ingress, error) {
	req, err := createIngressRequest(p)
	if err != nil {
		return Ingress{}, err
	}
	info, err := call(ctx, c, func(ctx context.Context) (*livekit.IngressInfo, error) { return c.ingress.CreateIngress(ctx, req) })
	if err != nil {
		return Ingress{}, err
	}
	return ingressFrom(info), nil
}

// ListIngress lists ingresses, all or those of a room or ID.
func (c *Client) ListIngress(ctx context.Context, room, ingressID string) (Ingresses, error) {
	res, err := call(ctx, c, func(ctx context.Context) (*livekit.ListIngressResponse, error) {
		return c.ingress.ListIngress(ctx, &livekit.ListIngressRequest{RoomName: room, IngressId: ingressID})
	})
	if err != nil {
		return nil, err
	}
	out := make(Ingresses, 0, len(res.GetItems()))
	for _, i := range res.GetItems() {
		out = append(out, ingressFrom(i))
	}
	return out, nil
}

// DeleteIngress deletes an ingress, stopping it if it is publishing.
func (c *Client) DeleteIngress(ctx context.Context, ingressID string) (Ingress, error) {
	if err := required("id", ingressID); err != nil {
		return Ingress{}, err
	}
	info, err := call(ctx, c, func(ctx context.Context) (*livekit.IngressInfo, error) {
		return c.ingress.DeleteIngress(ctx, &livekit.DeleteIngressRequest{IngressId: ingressID})
	})
	if err != nil {
		return Ingress{}, err
	}
	return ingressFrom(info), nil
}
