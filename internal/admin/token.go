package admin

import (
	"fmt"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
)

// Token lifetimes: a minted token is valid for DefaultTokenTTL unless told
// otherwise, and never for more than MaxTokenTTL (as `lkbot join`).
const (
	DefaultTokenTTL = time.Hour
	MaxTokenTTL     = 24 * time.Hour
)

// TokenParams are the grants of a token to mint. A join token (Join) is
// for one room and one identity; the publish, subscribe and data
// permissions apply only to it. Admin grants may stand alone.
type TokenParams struct {
	APIKey    string
	APISecret string

	Room       string
	Identity   string
	Name       string
	Metadata   string
	Attributes map[string]string

	Join                 bool // roomJoin for Room
	CanPublish           bool
	CanSubscribe         bool
	CanPublishData       bool
	CanUpdateOwnMetadata bool
	CanPublishSources    []livekit.TrackSource // empty: any source
	Hidden               bool

	RoomAdmin    bool // administer Room
	RoomCreate   bool // create and delete rooms
	RoomList     bool // list rooms
	RoomRecord   bool // start and stop egress
	IngressAdmin bool // create, list and delete ingress

	TTL time.Duration // 0 means DefaultTokenTTL
}

// Token is a minted token and what it says, decoded and verified.
type Token struct {
	JWT       string            `json:"token"`
	APIKey    string            `json:"api_key"`
	Identity  string            `json:"identity,omitempty"`
	IssuedAt  time.Time         `json:"issued_at"`
	NotBefore time.Time         `json:"not_before"`
	ExpiresAt time.Time         `json:"expires_at"`
	Grants    *auth.ClaimGrants `json:"grants"`
}

func (p TokenParams) validate() error {
	if err := required("api-key", p.APIKey, "api-secret", p.APISecret); err != nil {
		return err
	}
	if p.TTL < 0 || p.TTL > MaxTokenTTL {
		return invalid("ttl", "%s is out of range (above 0, at most %s)", p.TTL, MaxTokenTTL)
	}
	if p.Join {
		if p.Room == "" {
			return invalid("room", "is required for a join token")
		}
		if p.Identity == "" {
			return invalid("identity", "is required for a join token")
		}
	}
	if p.RoomAdmin && p.Room == "" {
		return invalid("room", "is required with room-admin")
	}
	if !p.Join && !p.RoomAdmin && !p.RoomCreate && !p.RoomList && !p.RoomRecord && !p.IngressAdmin {
		return invalid("", "the token grants nothing: give a room and identity to join, or an admin grant")
	}
	return nil
}

// grant builds the video grant; permissions are explicit, never implied.
func (p TokenParams) grant() *auth.VideoGrant {
	g := &auth.VideoGrant{
		RoomAdmin:    p.RoomAdmin,
		RoomCreate:   p.RoomCreate,
		RoomList:     p.RoomList,
		RoomRecord:   p.RoomRecord,
		IngressAdmin: p.IngressAdmin,
	}
	if p.Join || p.RoomAdmin {
		g.Room = p.Room
	}
	if p.Join {
		g.RoomJoin = true
		g.SetCanPublish(p.CanPublish)
		g.SetCanSubscribe(p.CanSubscribe)
		g.SetCanPublishData(p.CanPublishData)
		g.SetCanUpdateOwnMetadata(p.CanUpdateOwnMetadata)
		if len(p.CanPublishSources) > 0 {
			g.SetCanPublishSources(p.CanPublishSources)
		}
		g.Hidden = p.Hidden
	}
	return g
}

// MintToken signs a token with the params' grants and returns it decoded.
func MintToken(p TokenParams) (Token, error) {
	if err := p.validate(); err != nil {
		return Token{}, err
	}
	ttl := p.TTL
	if ttl == 0 {
		ttl = DefaultTokenTTL
	}
	at := auth.NewAccessToken(p.APIKey, p.APISecret).
		SetVideoGrant(p.grant()).
		SetIdentity(p.Identity).
		SetName(p.Name).
		SetMetadata(p.Metadata).
		SetValidFor(ttl)
	if len(p.Attributes) > 0 {
		at.SetAttributes(p.Attributes)
	}
	jwt, err := at.ToJWT()
	if err != nil {
		return Token{}, fmt.Errorf("mint token: %w", err)
	}
	return DecodeToken(jwt, p.APISecret)
}

// DecodeToken verifies a token with secret and returns what it grants.
func DecodeToken(jwt, secret string) (Token, error) {
	v, err := auth.ParseAPIToken(jwt)
	if err != nil {
		return Token{}, fmt.Errorf("decode token: not a LiveKit token")
	}
	claims, grants, err := v.Verify(secret)
	if err != nil {
		return Token{}, fmt.Errorf("decode token: it does not verify with this secret, or has expired")
	}
	t := Token{JWT: jwt, APIKey: v.APIKey(), Identity: grants.Identity, Grants: grants}
	if claims.IssuedAt != nil {
		t.IssuedAt = claims.IssuedAt.UTC()
	}
	if claims.NotBefore != nil {
		t.NotBefore = claims.NotBefore.UTC()
	}
	if claims.ExpiresAt != nil {
		t.ExpiresAt = claims.ExpiresAt.UTC()
	}
	return t, nil
}
