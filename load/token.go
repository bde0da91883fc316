package load

import (
	"fmt"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
)

// tokenTTL bounds each bot's token. The token serves the join; the server
// refreshes it while the bot stays, so a long run does not need a long one.
const tokenTTL = time.Hour

// Grant is the least a member's role needs: join its one room, subscribe,
// and publish only the sources its role publishes. No bot may send data
// (unless chat, for --data-rate), change its metadata or publish a source
// outside its role.
func Grant(m Member, chat bool) *auth.VideoGrant {
	g := &auth.VideoGrant{RoomJoin: true, Room: m.Room}
	g.SetCanSubscribe(true)
	g.SetCanPublish(false)
	g.SetCanPublishData(chat)
	g.SetCanUpdateOwnMetadata(false)
	switch m.Role {
	case RolePublisher:
		g.SetCanPublish(true)
		g.SetCanPublishSources([]livekit.TrackSource{livekit.TrackSource_CAMERA, livekit.TrackSource_MICROPHONE})
	case RoleAudioPublisher:
		g.SetCanPublish(true)
		g.SetCanPublishSources([]livekit.TrackSource{livekit.TrackSource_MICROPHONE})
	}
	return g
}

// mintToken signs the member's token with the run's key.
func mintToken(key, secret string, m Member, chat bool) (string, error) {
	jwt, err := auth.NewAccessToken(key, secret).
		SetIdentity(m.Identity).
		SetVideoGrant(Grant(m, chat)).
		SetValidFor(tokenTTL).
		ToJWT()
	if err != nil {
		return "", fmt.Errorf("mint token for %s: %w", m.Identity, err)
	}
	return jwt, nil
}
