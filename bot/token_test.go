package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
)

func TestMintedTokenHasLeastPrivilege(t *testing.T) {
	cfg := validConfig()
	cfg.Identity = "bot-1"
	tok, err := MintToken(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	v, err := auth.ParseAPIToken(tok)
	if err != nil {
		t.Fatal(err)
	}
	claims, grants, err := v.Verify(cfg.APISecret)
	if err != nil {
		t.Fatal(err)
	}
	g := grants.Video
	if !g.RoomJoin || g.Room != "r" || !g.GetCanPublish() || !g.GetCanSubscribe() || !g.GetCanPublishData() || !g.GetCanUpdateOwnMetadata() {
		t.Fatalf("missing grant: %+v", g)
	}
	if g.RoomAdmin || g.RoomCreate || g.RoomList || g.RoomRecord || g.Hidden || g.Recorder || g.IngressAdmin || g.Agent {
		t.Fatalf("extra privilege: %+v", g)
	}
	if life := claims.ExpiresAt.Sub(claims.NotBefore.Time); life <= 0 || life > cfg.TokenTTL+time.Minute {
		t.Fatalf("lifetime %s, want bounded by %s", life, cfg.TokenTTL)
	}
	if strings.Contains(tok, cfg.APISecret) {
		t.Fatal("token contains the secret")
	}
}

func TestTokenChecks(t *testing.T) {
	cfg := validConfig()
	mint := func(room string, publish bool, ttl time.Duration) string {
		g := &auth.VideoGrant{RoomJoin: true, Room: room}
		g.SetCanPublish(publish)
		at := auth.NewAccessToken("devkey", "secret").SetVideoGrant(g).SetIdentity("x").SetValidFor(ttl)
		s, err := at.ToJWT()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	now := time.Now()
	tests := []struct {
		name, token, want string
	}{
		{"good", mint("r", true, time.Hour), ""},
		{"other room", mint("other", true, time.Hour), `it is for room "other", not "r"`},
		{"no publish", mint("r", false, time.Hour), "does not grant canPublish"},
		{"expired", mint("r", true, time.Nanosecond), "expired at"},
		{"malformed", "not-a-token", "not a JWT"},
		{"bad base64", "a.!!!.c", "not base64url"},
		{"bad json", "a.bm90anNvbg.c", "not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkAt := now
			if tt.name == "expired" {
				checkAt = now.Add(2 * time.Second)
			}
			c, err := ParseTokenClaims(tt.token)
			if err == nil {
				err = c.Check(&cfg, checkAt)
			}
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func FuzzParseTokenClaims(f *testing.F) {
	f.Add("a.eyJzdWIiOiJ4In0.c")
	f.Add("...")
	f.Add("a.e30.c")
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := ParseTokenClaims(raw)
		if err == nil {
			cfg := validConfig()
			_ = c.Check(&cfg, time.Now())
		}
	})
}
