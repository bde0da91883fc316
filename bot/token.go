package bot

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
)

// ErrBadToken marks a token lkbot can tell is unusable before connecting.
var ErrBadToken = errors.New("bad token")

// MintToken creates a token with the least privilege a bot needs: join this
// one room, publish, subscribe, publish data and update its own metadata,
// valid for cfg.TokenTTL. A Hidden bot's token hides it and marks it a
// recorder.
func MintToken(cfg *Config) (string, error) {
	yes, publishes := true, cfg.Publishes()
	grant := &auth.VideoGrant{
		RoomJoin:             true,
		Room:                 cfg.Room,
		CanPublish:           &yes,
		CanSubscribe:         &yes,
		CanPublishData:       &yes,
		CanUpdateOwnMetadata: &yes,
	}
	if cfg.Hidden {
		// A hidden recorder subscribes, and publishes only what it is told.
		grant.Hidden, grant.Recorder, grant.CanPublish = true, true, &publishes
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
	Identity   string            `json:"sub"`
	Issuer     string            `json:"iss"`
	ExpiresAt  int64             `json:"exp"`
	NotBefore  int64             `json:"nbf"`
	Name       string            `json:"name"`
	Metadata   string            `json:"metadata"`
	Attributes map[string]string `json:"attributes"`
	Video      *auth.VideoGrant  `json:"video"`
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

// Check reports why a token cannot serve cfg, before anything is sent:
// its lifetime, its room and identity, and every grant the config needs
// (see checkGrants). A given token's name, metadata and attributes are
// the participant's: the config cannot ask for others.
func (c *TokenClaims) Check(cfg *Config, now time.Time) error {
	if c.ExpiresAt != 0 && now.Unix() >= c.ExpiresAt {
		return fmt.Errorf("%w: expired at %s", ErrBadToken, time.Unix(c.ExpiresAt, 0).UTC().Format(time.RFC3339))
	}
	if c.NotBefore != 0 && now.Add(notBeforeLeeway).Unix() < c.NotBefore {
		return fmt.Errorf("%w: not valid before %s", ErrBadToken, time.Unix(c.NotBefore, 0).UTC().Format(time.RFC3339))
	}
	if c.Video == nil || !c.Video.RoomJoin {
		return fmt.Errorf("%w: it does not grant roomJoin", ErrBadToken)
	}
	if c.Video.Room == "" {
		// lksdk sends no room with a token: the server takes the token's.
		return fmt.Errorf("%w: it names no room (mint it for the room to join)", ErrBadToken)
	}
	if cfg.Room != "" && c.Video.Room != cfg.Room {
		return fmt.Errorf("%w: it is for room %q, not %q", ErrBadToken, c.Video.Room, cfg.Room)
	}
	if c.Identity == "" {
		return fmt.Errorf("%w: it has no identity (sub)", ErrBadToken)
	}
	if cfg.Identity != "" && cfg.Identity != c.Identity {
		return fmt.Errorf("%w: it is for identity %q, not %q (drop --identity, or use a token for that identity)", ErrBadToken, c.Identity, cfg.Identity)
	}
	if err := c.checkGrants(cfg); err != nil {
		return err
	}
	if cfg.Token != "" {
		return c.checkParticipant(cfg)
	}
	return nil
}

// notBeforeLeeway is the clock skew Check tolerates on a token's nbf.
const notBeforeLeeway = time.Minute

// checkGrants compares the token's permissions with what the config will
// do: publish each configured source, and subscribe to measure what it
// receives.
func (c *TokenClaims) checkGrants(cfg *Config) error {
	if cfg.Publishes() && !c.Video.GetCanPublish() {
		return fmt.Errorf("%w: it does not grant canPublish, but the bot publishes (use --camera none --mic none, or a token with canPublish)", ErrBadToken)
	}
	for _, p := range []struct {
		key, spec string
		source    livekit.TrackSource
	}{
		{"camera", cfg.Camera, livekit.TrackSource_CAMERA},
		{"mic", cfg.Mic, livekit.TrackSource_MICROPHONE},
		{"screen", cfg.Screen, livekit.TrackSource_SCREEN_SHARE},
		{"screen-audio", cfg.ScreenAudio, livekit.TrackSource_SCREEN_SHARE_AUDIO},
	} {
		if isNone(p.spec) || c.Video.GetCanPublishSource(p.source) {
			continue
		}
		name := SourceName(p.source)
		return fmt.Errorf("%w: its canPublishSources (%s) do not include %s, but %s is %s (use --%s none, or a token whose canPublishSources include %s)",
			ErrBadToken, strings.Join(c.Video.CanPublishSources, ", "), name, p.key, p.spec, p.key, name)
	}
	if cfg.StatsInterval > 0 && !c.Video.GetCanSubscribe() {
		return fmt.Errorf("%w: it does not grant canSubscribe, but stats_interval asks for the stats of received tracks (drop --stats-interval, or use a token with canSubscribe)", ErrBadToken)
	}
	return nil
}

// checkParticipant refuses a name, metadata or attributes that differ
// from the given token's: the server takes the token's, and the config's
// would be dropped without a word.
func (c *TokenClaims) checkParticipant(cfg *Config) error {
	const hint = "the server uses the token's; drop the setting, or put it in the token"
	if cfg.Name != "" && cfg.Name != c.Name {
		return fmt.Errorf("%w: it names the participant %q, not %q (%s)", ErrBadToken, c.Name, cfg.Name, hint)
	}
	if cfg.Metadata != "" && cfg.Metadata != c.Metadata {
		return fmt.Errorf("%w: its metadata differs from --metadata (%s)", ErrBadToken, hint)
	}
	for _, k := range slices.Sorted(maps.Keys(cfg.Attributes)) {
		if v, ok := c.Attributes[k]; !ok || v != cfg.Attributes[k] {
			return fmt.Errorf("%w: its attributes do not set %s=%s (%s)", ErrBadToken, k, cfg.Attributes[k], hint)
		}
	}
	return nil
}

// CanPublishData reports whether the bot's token lets it send data. The
// server drops every data packet of a participant without it, RPC answers
// included, so a bot that obeys remote commands needs it.
func (b *Bot) CanPublishData() bool { return b.claims.Video.GetCanPublishData() }

// Secrets returns what the bot holds that must never be printed: the API
// secret, and the token it joins with (given or minted).
func (b *Bot) Secrets() []string {
	return []string{b.cfg.APISecret, b.token}
}
