package bot

import (
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot/event"
)

// announceJoined emits connected, then the room as the bot found it.
func (b *Bot) announceJoined(room *lksdk.Room) {
	lp := room.LocalParticipant
	b.events.Publish(event.Connected{Room: room.Name(), RoomSID: room.SID(), Identity: lp.Identity(), ParticipantSID: lp.SID(), ServerVersion: room.ServerInfo().GetVersion()})
	// Participants already in the room count as joining now, so that a
	// script waiting for one does not depend on who came first.
	b.names.joined(lp.Identity(), lp.Name(), func() {})
	for _, rp := range room.GetRemoteParticipants() {
		b.reportJoined(rp)
	}
}
