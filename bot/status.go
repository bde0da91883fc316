package bot

import (
	"sort"

	lksdk "github.com/livekit/server-sdk-go/v2"
)

// Status is a snapshot of the bot for commands and health checks.
type Status struct {
	Identity   string        `json:"identity"`
	Room       string        `json:"room"`
	Connection string        `json:"connection"`
	Tracks     []TrackStatus `json:"tracks"`
}

// TrackStatus describes one published track.
type TrackStatus struct {
	Source string `json:"source"`
	SID    string `json:"sid"`
	Muted  bool   `json:"muted"`
	Codec  string `json:"codec"`
}

// Connection states reported in Status.
const (
	StateConnecting   = "connecting"
	StateConnected    = "connected"
	StateReconnecting = "reconnecting"
	StateDisconnected = "disconnected"
)

// Status returns the bot's identity, room, connection state and tracks.
func (b *Bot) Status() Status {
	s := Status{Identity: b.cfg.Identity, Room: b.cfg.Room, Connection: b.connectionState(), Tracks: []TrackStatus{}}
	b.mu.Lock()
	for source, t := range b.tracks {
		ts := TrackStatus{Source: SourceName(source), Muted: t.isMuted(), Codec: t.codec()}
		if pub := t.publication(); pub != nil {
			ts.SID = pub.SID()
		}
		s.Tracks = append(s.Tracks, ts)
	}
	b.mu.Unlock()
	sort.Slice(s.Tracks, func(i, j int) bool { return s.Tracks[i].Source < s.Tracks[j].Source })
	return s
}

// Connected reports whether the bot is in its room now.
func (b *Bot) Connected() bool {
	return b.connectionState() == StateConnected
}

func (b *Bot) connectionState() string {
	select {
	case <-b.done:
		return StateDisconnected
	default:
	}
	room := b.Room()
	if room == nil {
		if b.rejoining.Load() {
			return StateReconnecting
		}
		return StateConnecting
	}
	switch room.ConnectionState() {
	case lksdk.ConnectionStateConnected:
		return StateConnected
	case lksdk.ConnectionStateReconnecting:
		return StateReconnecting
	case lksdk.ConnectionStateDisconnected:
		return StateDisconnected
	}
	return StateConnecting
}

// DisconnectReason says why the bot left, once Done is closed: LiveKit's
// disconnect reason, or CLIENT_INITIATED when it left by itself.
func (b *Bot) DisconnectReason() string {
	select {
	case <-b.done:
		return b.reason
	default:
		return ""
	}
}
