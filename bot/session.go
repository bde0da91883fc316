package bot

import (
	"errors"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot/event"
)

// sessionCallbacks sets the callbacks that follow the session itself:
// reconnecting, reconnected and the final disconnect. Each gets one log
// line in lkbot's words; the SDK's own lines about it are at debug.
func (b *Bot) sessionCallbacks(cb *lksdk.RoomCallback, self func() *lksdk.Room) {
	cb.OnDisconnectedWithReason = func(lksdk.DisconnectionReason) {
		// The SDK's reason folds several of LiveKit's into one; the room
		// keeps the raw one. The final event waits for Close, so that it
		// is the stream's last.
		if room := self(); room != nil {
			b.sessionLost(room, room.DisconnectReason())
		}
	}
	cb.OnReconnecting = func() {
		b.log.Warn("connection to the server lost; reconnecting")
		b.events.Publish(event.Reconnecting{})
		b.limitSDKReconnect()
	}
	cb.OnReconnected = func() {
		b.log.Info("reconnected")
		b.events.Publish(event.Reconnected{})
		// A full reconnect joins on the token's name and metadata.
		if room := b.Room(); room != nil {
			b.restoreSelf(room)
		}
	}
}

// reportEnd emits the session's last event, disconnected, closing the
// stream with it, and logs why the session ended: at info for a planned
// end, as a warning otherwise.
func (b *Bot) reportEnd() {
	b.events.CloseWith(event.Disconnected{Reason: b.reason})
	var ended *SessionEndError
	if errors.As(b.endErr, &ended) {
		b.log.Warn("session ended: "+ended.msg, zap.String("reason", b.reason))
		return
	}
	b.log.Info("left the room", zap.String("reason", b.reason))
}
