package bot

import (
	"maps"
	"slices"
	"sync"

	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot/event"
)

// reportedState is what the bot's events have said about the room so far.
// The SDK reports a room's initial state through the same callbacks as
// later changes, during the join, before the bot has said it is connected:
// metadata "changed" from "", tracks published before their owner joined.
// So the bot holds every report until connected is out, then reports each
// participant from the room's state, in participant_joined and its
// track_published events, and afterwards reports only what differs from
// what it reported last.
//
// Every report runs under mu, in the order the SDK gave them, so the
// stream never says a thing changed before saying what it was. The SDK
// calls back while it holds its room's lock, so a report must not call
// the room's methods (read them before reporting); participants' and
// publications' getters are safe.
type reportedState struct {
	mu        sync.Mutex
	connected bool     // connected is out; reports run at once
	held      []func() // reports that came before connected, in order
	people    map[string]*reportedParticipant
	// departedEarly holds participants whose leave came before their join,
	// which the SDK reports on separate goroutines.
	departedEarly map[*lksdk.RemoteParticipant]bool
	speakers      []string
}

// reportedParticipant is the last reported state of one participant, the
// bot included.
type reportedParticipant struct {
	remote      *lksdk.RemoteParticipant // nil for the bot itself
	name        string
	metadata    string
	attributes  map[string]string
	permissions event.ParticipantPermissionsChanged
	tracks      map[string]bool // SIDs of the tracks reported published
}

// report runs f now if connected is out, or once it is.
func (s *reportedState) report(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.connected {
		s.held = append(s.held, f)
		return
	}
	f()
}

// open runs announce, which reports connected and the room as the bot
// found it, then every report held until now.
func (s *reportedState) open(announce func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.people = map[string]*reportedParticipant{}
	announce()
	for _, f := range s.held {
		f()
	}
	s.held, s.connected = nil, true
}

// person is the reported state of identity, or nil before its join was
// reported. Call it from a report.
func (s *reportedState) person(identity string) *reportedParticipant {
	return s.people[identity]
}

// remember records p as reported now. Call it from a report.
func (s *reportedState) remember(identity string, remote *lksdk.RemoteParticipant, p lksdk.Participant) *reportedParticipant {
	r := &reportedParticipant{
		remote: remote, name: p.Name(), metadata: p.Metadata(), attributes: maps.Clone(p.Attributes()),
		permissions: permissionsEvent(identity, remote == nil, p), tracks: map[string]bool{},
	}
	s.people[identity] = r
	return r
}

// forget drops identity, which left. Call it from a report.
func (s *reportedState) forget(identity string) {
	delete(s.people, identity)
}

// forgetRemotes drops every remote participant, whose sessions belong to
// a room session the bot has lost, and returns what was reported of them.
// It keeps no reference to them: each one holds its whole SDK room. Call
// it from a report.
func (s *reportedState) forgetRemotes() map[string]*reportedParticipant {
	gone := map[string]*reportedParticipant{}
	for identity, r := range s.people {
		if r.remote != nil {
			gone[identity] = r
			delete(s.people, identity)
		}
	}
	s.departedEarly = nil
	return gone
}

// markDeparted records that rp left before its join was reported. Call it
// from a report.
func (s *reportedState) markDeparted(rp *lksdk.RemoteParticipant) {
	if s.departedEarly == nil {
		s.departedEarly = map[*lksdk.RemoteParticipant]bool{}
	}
	s.departedEarly[rp] = true
}

// departed reports, once, whether rp left before its join was reported.
// Call it from a report.
func (s *reportedState) departed(rp *lksdk.RemoteParticipant) bool {
	gone := s.departedEarly[rp]
	delete(s.departedEarly, rp)
	return gone
}

// changedSpeakers records speakers and reports whether they differ from
// the last list. Call it from a report.
func (s *reportedState) changedSpeakers(speakers []string) bool {
	if s.speakers != nil && slices.Equal(s.speakers, speakers) {
		return false
	}
	s.speakers = speakers
	return true
}

// attributeChanges lists the keys whose values differ between old and now,
// with their new values ("" for a removed key).
func attributeChanges(old, now map[string]string) map[string]string {
	changed := map[string]string{}
	for k, v := range now {
		if old[k] != v {
			changed[k] = v
		}
	}
	for k := range old {
		if _, ok := now[k]; !ok {
			changed[k] = ""
		}
	}
	return changed
}
