package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"

	"github.com/lkbot/lkbot/internal/admin"
	"github.com/lkbot/lkbot/internal/lktest"
)

func TestTokenCommand(t *testing.T) {
	key, secret := lktest.DistinctKey, lktest.DistinctSecret
	code, stdout, stderr := runCLI(t, "token", "--api-key", key, "--api-secret", secret, "--room", "standup", "--identity", "alice",
		"--name", "Alice", "--metadata", "m", "--attribute", "team=qa", "--can-subscribe=false", "--can-update-own-metadata",
		"--can-publish-sources", "camera,microphone", "--hidden", "--ttl", "15m")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	jwt := strings.TrimSpace(stdout)
	if strings.Count(stdout, "\n") != 1 || strings.Count(jwt, ".") != 2 {
		t.Fatalf("output %q is not one token", stdout)
	}
	v, err := auth.ParseAPIToken(jwt)
	if err != nil {
		t.Fatal(err)
	}
	claims, g, err := v.Verify(secret)
	if err != nil {
		t.Fatalf("the token does not verify: %v", err)
	}
	vg := g.Video
	if v.APIKey() != key || g.Identity != "alice" || g.Name != "Alice" || g.Metadata != "m" || g.Attributes["team"] != "qa" ||
		!vg.RoomJoin || vg.Room != "standup" || !vg.GetCanPublish() || vg.GetCanSubscribe() || !vg.GetCanPublishData() ||
		!vg.GetCanUpdateOwnMetadata() || !vg.Hidden || !slices.Equal(vg.CanPublishSources, []string{"camera", "microphone"}) || vg.RoomAdmin {
		t.Fatalf("claims %+v, grant %+v", g, vg)
	}
	if d := claims.ExpiresAt.Sub(claims.IssuedAt.Time); d != 15*time.Minute {
		t.Fatalf("lifetime %v", d)
	}

	// --json: the token and its decoded grants.
	code, stdout, stderr = runCLI(t, "token", "--api-key", key, "--api-secret", secret, "--room", "ops", "--room-admin", "--room-list", "--join=false", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var tok admin.Token
	if err := json.Unmarshal([]byte(stdout), &tok); err != nil {
		t.Fatalf("%v in %q", err, stdout)
	}
	if tok.Grants == nil || tok.Grants.Video == nil || !tok.Grants.Video.RoomAdmin || !tok.Grants.Video.RoomList || tok.Grants.Video.RoomJoin ||
		tok.Grants.Video.Room != "ops" || tok.APIKey != key || tok.ExpiresAt.Sub(tok.IssuedAt) != time.Hour {
		t.Fatalf("decoded %+v", tok)
	}
	if _, err := admin.DecodeToken(tok.JWT, secret); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stdout+stderr, secret) {
		t.Fatal("the secret leaked")
	}
}

func TestTokenCommandErrors(t *testing.T) {
	creds := []string{"--api-key", "k", "--api-secret", lktest.DistinctSecret}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--room", "r", "--identity", "i"}[:0], "token: the token grants nothing"},
		{[]string{"--room", "r"}, "token: identity is required for a join token"},
		{[]string{"--identity", "i"}, "token: room is required for a join token"},
		{[]string{"--room-admin"}, "token: room is required with room-admin"},
		{[]string{"--room-list", "--ttl", "48h"}, "token: ttl 48h0m0s is out of range (above 0, at most 24h0m0s)"},
		{[]string{"--room", "r", "--identity", "i", "--attribute", "x"}, `token: attribute "x" is not k=v`},
		{[]string{"--room", "r", "--identity", "i", "--can-publish-sources", "camera,tv"}, `token: source "tv" is unknown`},
		{[]string{"--room", "r", "--identity", "i", "--ttl", "soon"}, `token: --ttl: "soon" is not a duration`},
		{[]string{"--room", "r", "--identity", "i", "extra"}, `token: unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			expectOneLineError(t, exitUsage, tt.want, append(append([]string{"token"}, creds...), tt.args...)...)
		})
	}
	expectOneLineError(t, exitUsage, "token: api-key is required", "token", "--room-list")
	_, stdout, stderr := runCLI(t, append(append([]string{"token"}, creds...), "--room", "r")...)
	if strings.Contains(stdout+stderr, lktest.DistinctSecret) {
		t.Fatal("the secret leaked")
	}
}
