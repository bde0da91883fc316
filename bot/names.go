package bot

import (
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot/event"
)

// watchParticipants reports display-name and permission changes, the bot's own
// included, until the bot closes. The SDK updates both silently, so the
// bot polls them and compares with what it reported last: a rename that
// comes before the first poll after a join is still reported.
func (b *Bot) watchParticipants() {
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-b.ctx.Done():
			return
		case <-tick.C:
		}
		room := b.Room()
		if room == nil {
			continue
		}
		// Read the room before reporting (see reportedState).
		lp, remotes := room.LocalParticipant, room.GetRemoteParticipants()
		b.reported.report(func() {
			b.pollParticipant(lp.Identity(), nil, lp)
			for _, rp := range remotes {
				b.pollParticipant(rp.Identity(), rp, rp)
			}
		})
	}
}

// pollParticipant reports p's name and permissions where they differ from
// what was reported last. Call it from a report.
func (b *Bot) pollParticipant(identity string, remote *lksdk.RemoteParticipant, p lksdk.Participant) {
	r := b.reported.person(identity)
	if r == nil || r.remote != remote {
		return // not reported yet, or gone: its join reports the state
	}
	if name := p.Name(); name != r.name {
		r.name = name
		b.events.Publish(event.ParticipantNameChanged{Identity: identity, Local: remote == nil, Name: name})
	}
	b.reportPermissions(r, identity, remote == nil, p)
}
