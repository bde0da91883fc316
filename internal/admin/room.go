package admin

import (
	"context"
	"math"
	"time"

	"github.com/livekit/protocol/livekit"
)

// Room is what the server reports about a room.
type Room struct {
	Name             string    `json:"name"`
	SID              string    `json:"sid"`
	NumParticipants  uint32    `json:"num_participants"`
	NumPublishers    uint32    `json:"num_publishers"`
	CreatedAt        time.Time `json:"created_at"`
	EmptyTimeout     uint32    `json:"empty_timeout_s"`
	DepartureTimeout uint32    `json:"departure_timeout_s"`
	MaxParticipants  uint32    `json:"max_participants"`
	Metadata         string    `json:"metadata"`
	ActiveRecording  bool      `json:"active_recording"`
}

func roomFrom(r *livekit.Room) Room {
	return Room{
		Name:             r.GetName(),
		SID:              r.GetSid(),
		NumParticipants:  r.GetNumParticipants(),
		NumPublishers:    r.GetNumPublishers(),
		CreatedAt:        unixTime(r.GetCreationTimeMs(), r.GetCreationTime()),
		EmptyTimeout:     r.GetEmptyTimeout(),
		DepartureTimeout: r.GetDepartureTimeout(),
		MaxParticipants:  r.GetMaxParticipants(),
		Metadata:         r.GetMetadata(),
		ActiveRecording:  r.GetActiveRecording(),
	}
}

// unixTime prefers milliseconds when the server sent them; zero stays zero.
func unixTime(ms, s int64) time.Time {
	switch {
	case ms > 0:
		return time.UnixMilli(ms).UTC()
	case s > 0:
		return time.Unix(s, 0).UTC()
	}
	return time.Time{}
}

// CreateRoomParams describes a room to create. Zero timeouts and limits
// take the server's defaults.
type CreateRoomParams struct {
	Name string
	// EmptyTimeout closes the room when no one has joined it this long
	// after creation (rounded up to whole seconds).
	EmptyTimeout time.Duration
	// DepartureTimeout closes the room this long after the last
	// participant left (rounded up to whole seconds).
	DepartureTimeout time.Duration
	MaxParticipants  uint32
	Metadata         string
}

// CreateRoom creates a room, or returns the existing one of that name.
func (c *Client) CreateRoom(ctx context.Context, p CreateRoomParams) (Room, error) {
	if err := required("room", p.Name); err != nil {
		return Room{}, err
	}
	empty, err := seconds("empty-timeout", p.EmptyTimeout)
	if err != nil {
		return Room{}, err
	}
	departure, err := seconds("departure-timeout", p.DepartureTimeout)
	if err != nil {
		return Room{}, err
	}
	req := &livekit.CreateRoomRequest{
		Name:             p.Name,
		EmptyTimeout:     empty,
		DepartureTimeout: departure,
		MaxParticipants:  p.MaxParticipants,
		Metadata:         p.Metadata,
	}
	r, err := call(ctx, c, func(ctx context.Context) (*livekit.Room, error) { return c.rooms.CreateRoom(ctx, req) })
	if err != nil {
		return Room{}, err
	}
	return roomFrom(r), nil
}

// seconds converts d to whole seconds, rounding up.
func seconds(field string, d time.Duration) (uint32, error) {
	if d < 0 {
		return 0, invalid(field, "%s is negative", d)
	}
	s := (d + time.Second - 1) / time.Second
	if s > math.MaxUint32 {
		return 0, invalid(field, "%s is too long", d)
	}
	return uint32(s), nil
}

// ListRooms lists the active rooms, or only those named.
func (c *Client) ListRooms(ctx context.Context, names []string) (Rooms, error) {
	res, err := call(ctx, c, func(ctx context.Context) (*livekit.ListRoomsResponse, error) {
		return c.rooms.ListRooms(ctx, &livekit.ListRoomsRequest{Names: names})
	})
	if err != nil {
		return nil, err
	}
	out := make(Rooms, 0, len(res.GetRooms()))
	for _, r := range res.GetRooms() {
		out = append(out, roomFrom(r))
	}
	return out, nil
}

// DeleteRoom closes a room and disconnects everyone in it.
func (c *Client) DeleteRoom(ctx context.Context, name string) (RoomDeleted, error) {
	if err := required("room", name); err != nil {
		return RoomDeleted{}, err
	}
	_, err := call(ctx, c, func(ctx context.Context) (*livekit.DeleteRoomResponse, error) {
		return c.rooms.DeleteRoom(ctx, &livekit.DeleteRoomRequest{Room: name})
	})
	if err != nil {
		return RoomDeleted{}, err
	}
	return RoomDeleted{Room: name, Deleted: true}, nil
}

// UpdateRoomMetadata replaces a room's metadata; everyone in it is told.
func (c *Client) UpdateRoomMetadata(ctx context.Context, room, metadata string) (Room, error) {
	if err := required("room", room); err != nil {
		return Room{}, err
	}
	r, err := call(ctx, c, func(ctx context.Context) (*livekit.Room, error) {
		return c.rooms.UpdateRoomMetadata(ctx, &livekit.UpdateRoomMetadataRequest{Room: room, Metadata: metadata})
	})
	if err != nil {
		return Room{}, err
	}
	return roomFrom(r), nil
}

// requireRoom fails fast with a clear error when a room does not exist:
// some of the server's calls otherwise wait seconds for a node that owns it.
func (c *Client) requireRoom(ctx context.Context, room string) error {
	rooms, err := c.ListRooms(ctx, []string{room})
	if err != nil {
		return err
	}
	if len(rooms) == 0 {
		return errNotFound("room %q", room)
	}
	return nil
}
