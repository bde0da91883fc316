package bot

import (
	"sync"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot/event"
)

// reportedNames holds the display name the bot last reported for each
// participant, in its participant_joined event or a later name change. The
// SDK updates names silently, so the bot polls them and compares with what
// it reported: a rename that comes before the first poll after a join is
// still reported.
type reportedNames struct {
	mu    sync.Mutex
	names map[string]string // by identity
}

// joined records the name a participant_joined event reports and calls
// publish under the same lock, so that no name change comes before the
// join.
func (r *reportedNames) joined(identity, name string, publish func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names == nil {
		r.names = map[string]string{}
	}
	r.names[identity] = name
	publish()
}

// left forgets a participant that left.
func (r *reportedNames) left(identity string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.names, identity)
}

// changed records name for identity and, when it differs from the name
// last reported, calls publish. A participant whose join has not been
// reported yet is recorded silently: its join event will carry its name.
func (r *reportedNames) changed(identity, name string, publish func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names == nil {
		r.names = map[string]string{}
	}
	old, known := r.names[identity]
	r.names[identity] = name
	if known && old != name {
		publish()
	}
}

// reportJoined reports a participant in the room, one that joined or was
// there when the bot arrived.
func (b *Bot) reportJoined(rp *lksdk.RemoteParticipant) {
	name := rp.Name()
	b.names.joined(rp.Identity(), name, func() {
		b.events.Publish(event.ParticipantJoined{Identity: rp.Identity(), SID: rp.SID(), Name: name, Metadata: rp.Metadata()})
	})
}

// watchNames reports display-name changes, its own included, until the
// bot closes.
func (b *Bot) watchNames() {
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
		lp := room.LocalParticipant
		b.reportName(lp.Identity(), lp.Name(), true)
		for _, rp := range room.GetRemoteParticipants() {
			b.reportName(rp.Identity(), rp.Name(), false)
		}
	}
}

func (b *Bot) reportName(identity, name string, local bool) {
	b.names.changed(identity, name, func() {
		b.events.Publish(event.ParticipantNameChanged{Identity: identity, Local: local, Name: name})
	})
}
