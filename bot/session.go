package bot

import (
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot/event"
)

// sessionCallbacks sets the callbacks that follow the session itself:
// reconnecting, reconnected and the final disconnect.
func (b *Bot) sessionCallbacks(cb *lksdk.RoomCallback) {
	cb.OnDisconnectedWithReason = func(reason lksdk.DisconnectionReason) {
		r := string(reason)
		if room := b.Room(); room != nil {
			r = room.DisconnectReason().String()
		}
		b.events.Publish(event.Disconnected{Reason: r})
		b.markDone(r)
	}
	cb.OnReconnecting = func() { b.events.Publish(event.Reconnecting{}) }
	cb.OnReconnected = func() { b.events.Publish(event.Reconnected{}) }
}
