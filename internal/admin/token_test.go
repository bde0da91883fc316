package admin

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
)

func TestMintJoinToken(t *testing.T) {
	p := TokenParams{
		APIKey: "key", APISecret: "a-long-enough-secret-value",
		Room: "standup", Identity: "alice", Name: "Alice", Metadata: `{"m":1}`, Attributes: map[string]string{"team": "qa"},
		Join: true, CanPublish: true, CanSubscribe: false, CanPublishData: true, CanUpdateOwnMetadata: true,
		CanPublishSources: []livekit.TrackSource{livekit.TrackSource_MICROPHONE}, Hidden: true,
		TTL: 10 * time.Minute,
	}
	tok, err := MintToken(p)
	if err != nil {
		t.Fatal(err)
	}
	// Decode it independently of MintToken's own decoding.
	v, err := auth.ParseAPIToken(tok.JWT)
	if err != nil {
		t.Fatal(err)
	}
	claims, g, err := v.Verify(p.APISecret)
	if err != nil {
		t.Fatal(err)
	}
	vg := g.Video
	if v.APIKey() != "key" || g.Identity != "alice" || g.Name != "Alice" || g.Metadata != `{"m":1}` || g.Attributes["team"] != "qa" {
		t.Fatalf("claims %+v", g)
	}
	if !vg.RoomJoin || vg.Room != "standup" || !vg.GetCanPublish() || vg.GetCanSubscribe() || !vg.GetCanPublishData() ||
		!vg.GetCanUpdateOwnMetadata() || !vg.Hidden || vg.RoomAdmin || vg.RoomCreate || vg.RoomList {
		t.Fatalf("grant %+v", vg)
	}
	if !slices.Equal(vg.CanPublishSources, []string{"microphone"}) {
		t.Fatalf("sources %v", vg.CanPublishSources)
	}
	if d := claims.ExpiresAt.Sub(claims.IssuedAt.Time); d != 10*time.Minute {
		t.Fatalf("lifetime %v", d)
	}
	if tok.Identity != "alice" || tok.APIKey != "key" || tok.Grants.Video.Room != "standup" || !tok.ExpiresAt.Equal(claims.ExpiresAt.Time) {
		t.Fatalf("decoded %+v", tok)
	}
	if _, err := DecodeToken(tok.JWT, "another-secret-entirely"); err == nil || strings.Contains(err.Error(), tok.JWT) {
		t.Fatalf("decode with the wrong secret: %v", err)
	}
}

func TestMintAdminToken(t *testing.T) {
	tok, err := MintToken(TokenParams{APIKey: "key", APISecret: "a-long-enough-secret-value", Room: "r", RoomAdmin: true, RoomList: true, RoomCreate: true})
	if err != nil {
		t.Fatal(err)
	}
	vg := tok.Grants.Video
	if vg.RoomJoin || !vg.RoomAdmin || vg.Room != "r" || !vg.RoomList || !vg.RoomCreate || vg.CanPublish != nil {
		t.Fatalf("grant %+v", vg)
	}
	if d := tok.ExpiresAt.Sub(tok.IssuedAt); d != DefaultTokenTTL {
		t.Fatalf("default lifetime %v", d)
	}
}

func TestTokenParamsInvalid(t *testing.T) {
	ok := TokenParams{APIKey: "k", APISecret: "s", Room: "r", Identity: "i", Join: true}
	tests := []struct {
		name string
		edit func(*TokenParams)
		want string
	}{
		{"no key", func(p *TokenParams) { p.APIKey = "" }, "api-key is required"},
		{"no secret", func(p *TokenParams) { p.APISecret = "" }, "api-secret is required"},
		{"ttl too long", func(p *TokenParams) { p.TTL = 25 * time.Hour }, "ttl 25h0m0s is out of range"},
		{"negative ttl", func(p *TokenParams) { p.TTL = -time.Second }, "out of range"},
		{"join without room", func(p *TokenParams) { p.Room = "" }, "room is required for a join token"},
		{"join without identity", func(p *TokenParams) { p.Identity = "" }, "identity is required for a join token"},
		{"admin without room", func(p *TokenParams) { p.Join, p.Room, p.RoomAdmin = false, "", true }, "room is required with room-admin"},
		{"nothing", func(p *TokenParams) { p.Join = false }, "the token grants nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.edit(&p)
			_, err := MintToken(p)
			if !isInvalid(err) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want InvalidError containing %q", err, tt.want)
			}
		})
	}
}
