package admin

import (
	"context"
	"net/url"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
)

// DefaultTimeout bounds each request. It is longer than the ~24 s a
// LiveKit server takes to report that no egress worker answered.
const DefaultTimeout = 30 * time.Second

// Server says where the LiveKit server is and how to sign requests.
type Server struct {
	URL       string // ws://, wss://, http:// or https://
	APIKey    string
	APISecret string
	Timeout   time.Duration // per request; 0 means DefaultTimeout
}

// Validate names the first setting that is missing or malformed.
func (s Server) Validate() error {
	if s.URL == "" {
		return invalid("url", "is required (--url or LIVEKIT_URL)")
	}
	u, err := url.Parse(s.URL)
	if err != nil || u.Host == "" {
		return invalid("url", "%q is not a URL (want ws://, wss://, http:// or https://HOST)", s.URL)
	}
	switch u.Scheme {
	case "ws", "wss", "http", "https":
	default:
		return invalid("url", "%q has scheme %q (want ws, wss, http or https)", s.URL, u.Scheme)
	}
	if s.APIKey == "" {
		return invalid("api-key", "is required (--api-key or LIVEKIT_API_KEY)")
	}
	if s.APISecret == "" {
		return invalid("api-secret", "is required (--api-secret or LIVEKIT_API_SECRET)")
	}
	if s.Timeout < 0 {
		return invalid("timeout", "%s is negative", s.Timeout)
	}
	return nil
}

// Client calls one server's RoomService, Egress and Ingress APIs.
type Client struct {
	url     string
	timeout time.Duration
	rooms   *lksdk.RoomServiceClient
	egress  *lksdk.EgressClient
	ingress *lksdk.IngressClient
}

// NewClient checks s and returns a client for it. It does not connect.
func NewClient(s Server) (*Client, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	return &Client{
		url:     s.URL,
		timeout: timeout,
		rooms:   lksdk.NewRoomServiceClient(s.URL, s.APIKey, s.APISecret),
		egress:  lksdk.NewEgressClient(s.URL, s.APIKey, s.APISecret),
		ingress: lksdk.NewIngressClient(s.URL, s.APIKey, s.APISecret),
	}, nil
}

// call runs one request under the client's timeout and describes its error.
func call[T any](ctx context.Context, c *Client, req func(context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	res, err := req(ctx)
	if err != nil {
		var zero T
		return zero, describe(ctx, err, c.url, c.timeout)
	}
	return res, nil
}
