package bot

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/livekit/protocol/auth"
)

// ErrBadToken marks a token lkbot can tell is unusable before connecting.
var ErrBadToken = errors.New("bad token")

// MintToken creates a token with the least privilege a bot needs: join this
// one room, publish, subscribe, publish data and update its own metadata,
// valid for cfg.TokenTTL.
func MintToken(cfg *Config) (string, error) {
	yes := true
	grant := &auth.VideoGrant{
		RoomJoin:             true,
		Room:                 cfg.Room,
		CanPublish:           &yes,
		CanSubscribe:         &yes,
		CanPublishData:       &yes,
		CanUpdateOwnMetadata: &yes,
	}
	at := auth.NewAccessToken(cfg.APIKey, cfg.APISecret).
		SetVideoGrant(grant).
		SetIdentity(cfg.Identity).
		SetName(cfg.Name).
		SetMetadata(cfg.Metadata).
		SetValidFor(cfg.TokenTTL)
	if len(cfg.Attributes) > 0 {
		at.SetAttributes(cfg.Attributes)
	}
	jwt, err := at.ToJWT()
	if err != nil {
		return "", fmt.Errorf("mint token: %w", err)
	}
	return jwt, nil
}

// TokenClaims is what a token says, read without verifying its signature:
// only the server can verify it, but lkbot can catch mistakes early.
type TokenClaims struct {
	Identity  string           `json:"sub"`
	Issuer    string           `json:"iss"`
	ExpiresAt int64            `json:"exp"`
	NotBefore int64            `json:"nbf"`
	Name      string           `json:"name"`
	Video     *auth.VideoGrant `json:"video"`
}

// ParseTokenClaims decodes a JWT's claims without verifying it.
func ParseTokenClaims(raw string) (*TokenClaims, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w: not a JWT (want three dot-separated parts)", ErrBadToken)
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, fmt.Errorf("%w: claims are not base64url", ErrBadToken)
	}
	var c TokenClaims
	if err := json.Unmarshal(payload, &c); err != nil {
		return nil, fmt.Errorf("%w: claims are not JSON", ErrBadToken)
	}
	return &c, nil
}

// Check reports why a token cannot serve cfg: expired, no room join, another
// room, or no publish permission when the bot publishes.
func (c *TokenClaims) Check(cfg *Config, now time.Time) error {
	if c.ExpiresAt != 0 && now.Unix() >= c.ExpiresAt {
		return fmt.Errorf("%w: expired at %s", ErrBadToken, time.Unix(c.ExpiresAt, 0).UTC().Format(time.RFC3339))
	}
	if c.Video == nil || !c.Video.RoomJoin {
		return fmt.Errorf("%w: it does not grant roomJoin", ErrBadToken)
	}
	if cfg.Room != "" && c.Video.Room != "" && c.Video.Room != cfg.Room {
		return fmt.Errorf("%w: it is for room %q, not %q", ErrBadToken, c.Video.Room, cfg.Room)
	}
	if cfg.Publishes() && !c.Video.GetCanPublish() {
		return fmt.Errorf("%w: it does not grant canPublish, but the bot publishes (use --camera none --mic none, or a token with canPublish)", ErrBadToken)
	}
	if c.Identity == "" {
		return fmt.Errorf("%w: it has no identity (sub)", ErrBadToken)
	}
	return nil
}

// Secrets returns what the bot holds that must never be printed: the API
// secret, and the token it joins with (given or minted).
func (b *Bot) Secrets() []string {
	return []string{b.cfg.APISecret, b.token}
}
