package load

import (
	"strconv"
	"time"
)

// Role is what a bot does in its room.
type Role string

// The roles, in the order each room's bots arrive.
const (
	// RolePublisher publishes a synthetic camera and microphone.
	RolePublisher Role = "publisher"
	// RoleAudioPublisher publishes a synthetic microphone only.
	RoleAudioPublisher Role = "audio_publisher"
	// RoleSubscriber publishes nothing and subscribes to everything.
	RoleSubscriber Role = "subscriber"
)

// Roles lists the roles in arrival order.
func Roles() []Role { return []Role{RolePublisher, RoleAudioPublisher, RoleSubscriber} }

// identityWord is the role's part of an identity.
func (r Role) identityWord() string {
	switch r {
	case RolePublisher:
		return "pub"
	case RoleAudioPublisher:
		return "audio"
	}
	return "sub"
}

// Member is one bot of the plan.
type Member struct {
	// Arrival is the bot's place in the whole run's arrival order, from 0,
	// the same in every shard.
	Arrival  int
	Room     string
	Identity string
	Role     Role
	// Number is the bot's number within its role in its room, from 1.
	Number int
}

// Offset is when the member joins, counted from the start of the ramp:
// arrival n of the whole run joins at n/ramp seconds, whichever shard
// makes it, so that N shards together follow one process's timeline.
func (m Member) Offset(ramp float64) time.Duration {
	return time.Duration(float64(m.Arrival) / ramp * float64(time.Second))
}

// Plan lists the bots that shard makes, in arrival order. Arrivals
// interleave rooms: every room's first publisher, then every room's second
// bot, and so on, publishers before audio publishers before subscribers,
// so each room fills at the same pace and subscribers find publishers
// there. Arrival n belongs to shard n mod Count: the shards together make
// each bot of the whole run exactly once, and each shard's share is spread
// over the whole ramp and every room.
func Plan(c *Config, shard Shard) []Member {
	total := c.TotalBots()
	if shard.Count < 1 || shard.Index < 0 || shard.Index >= shard.Count || total == 0 {
		return nil
	}
	out := make([]Member, 0, (total-shard.Index+shard.Count-1)/shard.Count)
	for a := shard.Index; a < total; a += shard.Count {
		out = append(out, c.member(a))
	}
	return out
}

// member is arrival a of the whole run.
func (c *Config) member(a int) Member {
	slot, room := a/c.Rooms, a%c.Rooms+1
	role, k := c.roleOf(slot)
	name := RoomName(c.RoomPrefix, room)
	return Member{Arrival: a, Room: name, Role: role, Number: k, Identity: name + "-" + role.identityWord() + "-" + strconv.Itoa(k)}
}

// roleOf is the role of a room's slot-th bot (from 0) and its number
// within the role (from 1).
func (c *Config) roleOf(slot int) (Role, int) {
	switch {
	case slot < c.Publishers:
		return RolePublisher, slot + 1
	case slot < c.Publishers+c.AudioPublishers:
		return RoleAudioPublisher, slot - c.Publishers + 1
	}
	return RoleSubscriber, slot - c.Publishers - c.AudioPublishers + 1
}

// RoomName is the n-th room's name (from 1).
func RoomName(prefix string, n int) string { return prefix + "-" + strconv.Itoa(n) }

// RoomNames lists every room of the run, whichever shard makes its bots.
func RoomNames(c *Config) []string {
	out := make([]string, c.Rooms)
	for i := range out {
		out[i] = RoomName(c.RoomPrefix, i+1)
	}
	return out
}

// decodes says whether m decodes its video for --decode-sample every:
// subscribers 1, every+1, 2×every+1, … of each room, so that every room
// with a subscriber has one that does.
func (m Member) decodes(every int) bool {
	return every > 0 && m.Role == RoleSubscriber && (m.Number-1)%every == 0
}
