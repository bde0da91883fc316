package bot

import (
	"fmt"

	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot/event"
)

// MaxDataSize is LiveKit's limit on one data packet's payload (15 KiB for
// reliable delivery; lossy packets should stay under the MTU).
const MaxDataSize = 15 * 1024

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
	if !b.claims.Video.GetCanPublishData() {
		return fmt.Errorf("send data: %w: the token does not grant canPublishData", ErrNotAllowed)
	}
	opts := []lksdk.DataPublishOption{lksdk.WithDataPublishReliable(msg.Reliable)}
	if msg.Topic != "" {
		opts = append(opts, lksdk.WithDataPublishTopic(msg.Topic))
	}
	if len(msg.Destinations) > 0 {
		opts = append(opts, lksdk.WithDataPublishDestination(msg.Destinations))
	}
	if err := room.LocalParticipant.PublishDataPacket(lksdk.UserData(msg.Payload), opts...); err != nil {
		return fmt.Errorf("send data: %w", err)
	}
	b.events.Publish(event.DataSent{Topic: msg.Topic, Reliable: msg.Reliable, Size: len(msg.Payload), Destinations: msg.Destinations})
	return nil
}
