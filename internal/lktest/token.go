package lktest

import (
	"fmt"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
)

// tokenTTL is long enough for any test, short enough not to matter if leaked.
const tokenTTL = time.Hour

// NewToken mints a join token for identity in room. With a nil grant the
// holder may join, publish, subscribe, send data and update its own
// metadata and attributes; a given grant is used as is, except that an
// empty Room becomes room and RoomJoin is set.
func (s *Server) NewToken(room, identity string, grant *auth.VideoGrant) (string, error) {
	g := auth.VideoGrant{}
	if grant != nil {
		g = *grant
	} else {
		g.SetCanUpdateOwnMetadata(true)
	}
	g.RoomJoin = true
	if g.Room == "" {
		g.Room = room
	}
	tok, err := auth.NewAccessToken(APIKey, APISecret).
		SetIdentity(identity).
		SetValidFor(tokenTTL).
		SetVideoGrant(&g).
		ToJWT()
	if err != nil {
		return "", fmt.Errorf("mint token for %q in %q: %w", identity, room, err)
	}
	return tok, nil
}

// Token is NewToken for tests: it fails t on error. At most one grant may
// be given.
func (s *Server) Token(t testing.TB, room, identity string, grant ...*auth.VideoGrant) string {
	t.Helper()
	if len(grant) > 1 {
		t.Fatalf("lktest: Token takes at most one grant, got %d", len(grant))
	}
	var g *auth.VideoGrant
	if len(grant) == 1 {
		g = grant[0]
	}
	tok, err := s.NewToken(room, identity, g)
	if err != nil {
		t.Fatalf("lktest: %v", err)
	}
	return tok
}
