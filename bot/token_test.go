package bot

import (
	"errors"
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

// TestTokenGrantsMatchConfig: what a given token grants, and the
// participant it describes, are checked against the config before joining.
func TestTokenGrantsMatchConfig(t *testing.T) {
	no := false
	now := time.Now()
	mint := func(g auth.VideoGrant, edit func(*auth.AccessToken)) string {
		g.RoomJoin, g.Room = true, "r"
		at := auth.NewAccessToken("devkey", "secret").SetVideoGrant(&g).SetIdentity("x").SetName("X").SetValidFor(time.Hour)
		if edit != nil {
			edit(at)
		}
		s, err := at.ToJWT()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	micOnly := mint(auth.VideoGrant{CanPublishSources: []string{"microphone"}}, nil)
	noRoom := mint(auth.VideoGrant{}, func(at *auth.AccessToken) { at.SetVideoGrant(&auth.VideoGrant{RoomJoin: true}) })
	tests := []struct {
		name  string
		token string
		edit  func(*Config)
		want  string
	}{
		{"no room", noRoom, nil, "it names no room"},
		{"sources allow both", mint(auth.VideoGrant{CanPublishSources: []string{"camera", "microphone"}}, nil), nil, ""},
		{"camera not in sources", micOnly, nil, "its canPublishSources (microphone) do not include camera, but camera is synthetic"},
		{"camera none with mic-only token", micOnly, func(c *Config) { c.Camera = "none" }, ""},
		{"mic not in sources", mint(auth.VideoGrant{CanPublishSources: []string{"camera"}}, nil), nil, "do not include microphone, but mic is synthetic"},
		{"stats without subscribe", mint(auth.VideoGrant{CanSubscribe: &no}, nil), func(c *Config) { c.StatsInterval = time.Second }, "does not grant canSubscribe, but stats_interval"},
		{"no subscribe, no stats", mint(auth.VideoGrant{CanSubscribe: &no}, nil), nil, ""},
		{"other identity", mint(auth.VideoGrant{}, nil), func(c *Config) { c.Identity = "y" }, `it is for identity "x", not "y"`},
		{"same identity", mint(auth.VideoGrant{}, nil), func(c *Config) { c.Identity = "x" }, ""},
		{"other name", mint(auth.VideoGrant{}, nil), func(c *Config) { c.Name = "Y" }, `it names the participant "X", not "Y"`},
		{"other metadata", mint(auth.VideoGrant{}, nil), func(c *Config) { c.Metadata = "m" }, "its metadata differs from --metadata"},
		{"same metadata", mint(auth.VideoGrant{}, func(at *auth.AccessToken) { at.SetMetadata("m") }), func(c *Config) { c.Metadata = "m" }, ""},
		{"missing attribute", mint(auth.VideoGrant{}, func(at *auth.AccessToken) { at.SetAttributes(map[string]string{"a": "1"}) }),
			func(c *Config) { c.Attributes = map[string]string{"a": "1", "b": "2"} }, "its attributes do not set b=2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := validConfig()
			cfg.Token = tt.token
			if tt.edit != nil {
				tt.edit(&cfg)
			}
			c, err := ParseTokenClaims(tt.token)
			if err != nil {
				t.Fatal(err)
			}
			err = c.Check(&cfg, now)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrBadToken) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
	c, err := ParseTokenClaims(micOnly)
	if err != nil {
		t.Fatal(err)
	}
	cfg := validConfig()
	if err := c.Check(&cfg, time.Unix(c.NotBefore, 0).Add(-2*notBeforeLeeway)); err == nil || !strings.Contains(err.Error(), "not valid before") {
		t.Fatalf("a token checked before its nbf: %v", err)
	}
}

// TestCanPublishData: a bot can tell whether its token lets it answer
// commands, before it joins.
func TestCanPublishData(t *testing.T) {
	no := false
	for _, tt := range []struct {
		grant auth.VideoGrant
		want  bool
	}{
		{auth.VideoGrant{}, true},
		{auth.VideoGrant{CanPublishData: &no}, false},
		{auth.VideoGrant{CanPublish: &no}, false}, // data follows canPublish when unset
	} {
		g := tt.grant
		g.RoomJoin, g.Room = true, "r"
		tok, err := auth.NewAccessToken("devkey", "secret").SetVideoGrant(&g).SetIdentity("x").SetValidFor(time.Hour).ToJWT()
		if err != nil {
			t.Fatal(err)
		}
		cfg := validConfig()
		cfg.Token, cfg.Camera, cfg.Mic = tok, "none", "none"
		b, err := New(Params{Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		if got := b.CanPublishData(); got != tt.want {
			t.Errorf("grant %+v: CanPublishData = %v, want %v", g, got, tt.want)
		}
		b.Close()
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
