package bot

import (
	"context"
	"fmt"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"

	"github.com/lkbot/lkbot/bot/event"
)

// MaxDataSize is LiveKit's limit on one data packet's payload (15 KiB for
// reliable delivery; lossy packets should stay under the MTU).
const MaxDataSize = lksdk.MaxDataBytes

// DataMessage is a payload to send to the room.
type DataMessage struct {
	Payload  []byte
	Topic    string
	Reliable bool
	// Destinations limits delivery to these identities; empty means everyone.
	Destinations []string
}

// SendData sends a data packet.
func (b *Bot) SendData(msg DataMessage) error {
	room, err := b.connectedRoom()
	if err != nil {
		return err
	}
	if len(msg.Payload) > MaxDataSize {
		return fmt.Errorf("send data: %w: %d bytes, limit %d", ErrDataTooLarge, len(msg.Payload), MaxDataSize)
	}
	if !b.canPublishDataNow(room) {
		return fmt.Errorf("send data: %w: the bot's permissions do not grant canPublishData", ErrNotAllowed)
	}
	opts := []lksdk.DataPublishOption{lksdk.WithDataPublishReliable(msg.Reliable)}
	if msg.Topic != "" {
		opts = append(opts, lksdk.WithDataPublishTopic(msg.Topic))
	}
	if len(msg.Destinations) > 0 {
		opts = append(opts, lksdk.WithDataPublishDestination(msg.Destinations))
	}
	if err := waitDataOpen(context.Background(), room, msg.Reliable, dataOpenTimeout); err != nil {
		return fmt.Errorf("send data: %w", err)
	}
	if err := room.LocalParticipant.PublishDataPacket(lksdk.UserData(msg.Payload), opts...); err != nil {
		return fmt.Errorf("send data: %w", err)
	}
	b.events.Publish(event.DataSent{Topic: msg.Topic, Reliable: msg.Reliable, Size: len(msg.Payload), Destinations: msg.Destinations})
	return nil
}

// canPublishDataNow reads the permission the server gave the bot, which an
// admin may have revoked since the token was minted; the server drops the
// packets of a participant without it, silently.
func (b *Bot) canPublishDataNow(room *lksdk.Room) bool {
	if perm := room.LocalParticipant.Permissions(); perm != nil {
		return perm.CanPublishData
	}
	return b.claims.Video.GetCanPublishData()
}

// flushData waits, up to limit, until the server has acknowledged every
// byte the bot's data channels queued, plus a moment for it to forward
// them, so that a message sent just before leaving is not lost.
func flushData(room *lksdk.Room, limit time.Duration) {
	for deadline := time.Now().Add(limit); unackedData(room) > 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(flushGrace)
}

// flushGrace lets the server forward the last packets before the bot leaves.
const flushGrace = 100 * time.Millisecond

// unackedData is how many bytes the room's data channels hold, queued or
// sent but not yet acknowledged: SCTP's buffered amount counts both, for
// every channel of a peer connection. The peer connections are read each
// time because a full reconnect replaces them.
func unackedData(room *lksdk.Room) int {
	lp := room.LocalParticipant
	n := 0
	for _, pc := range []*webrtc.PeerConnection{lp.GetPublisherPeerConnection(), lp.GetSubscriberPeerConnection()} {
		if pc == nil {
			continue
		}
		if sctp := pc.SCTP(); sctp != nil {
			n += sctp.BufferedAmount()
		}
	}
	return n
}
