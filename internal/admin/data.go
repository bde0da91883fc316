package admin

import (
	"context"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
)

// SendDataParams is a data packet the server sends into a room. Receivers
// see it with no sender identity.
type SendDataParams struct {
	Room    string
	Payload []byte
	Topic   string
	// Lossy sends unordered and unacknowledged, as LiveKit's lossy kind.
	Lossy bool
	// Destinations are identities; empty means everyone in the room.
	Destinations []string
}

// DataSent reports a packet handed to the server.
type DataSent struct {
	Room         string   `json:"room"`
	Topic        string   `json:"topic"`
	Reliable     bool     `json:"reliable"`
	Size         int      `json:"size"`
	Destinations []string `json:"destinations"`
}

// SendData sends a data packet to a room, or to some identities in it.
func (c *Client) SendData(ctx context.Context, p SendDataParams) (DataSent, error) {
	if err := required("room", p.Room); err != nil {
		return DataSent{}, err
	}
	if len(p.Payload) == 0 {
		return DataSent{}, invalid("payload", "is empty")
	}
	if len(p.Payload) > lksdk.MaxDataBytes {
		return DataSent{}, invalid("payload", "is %d bytes, over LiveKit's limit of %d", len(p.Payload), lksdk.MaxDataBytes)
	}
	for _, d := range p.Destinations {
		if d == "" {
			return DataSent{}, invalid("destination", "is an empty identity")
		}
	}
	// Without this the server waits seconds for a room that is not there.
	if err := c.requireRoom(ctx, p.Room); err != nil {
		return DataSent{}, err
	}
	kind := livekit.DataPacket_RELIABLE
	if p.Lossy {
		kind = livekit.DataPacket_LOSSY
	}
	req := &livekit.SendDataRequest{
		Room:                  p.Room,
		Data:                  p.Payload,
		Kind:                  kind,
		DestinationIdentities: p.Destinations,
	}
	if p.Topic != "" {
		req.Topic = &p.Topic
	}
	if _, err := call(ctx, c, func(ctx context.Context) (*livekit.SendDataResponse, error) { return c.rooms.SendData(ctx, req) }); err != nil {
		return DataSent{}, err
	}
	dest := append([]string{}, p.Destinations...)
	return DataSent{Room: p.Room, Topic: p.Topic, Reliable: !p.Lossy, Size: len(p.Payload), Destinations: dest}, nil
}
