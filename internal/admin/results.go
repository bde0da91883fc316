package admin

// Results of operations that change something but return no object of
// their own. Each says what was done, for the text and the JSON output.

// RoomDeleted reports a deleted room.
type RoomDeleted struct {
	Room    string `json:"room"`
	Deleted bool   `json:"deleted"`
}

// ParticipantRemoved reports a participant removed from a room.
type ParticipantRemoved struct {
	Room     string `json:"room"`
	Identity string `json:"identity"`
	Removed  bool   `json:"removed"`
}

// TrackMuted reports a track muted or unmuted by the server.
type TrackMuted struct {
	Room     string `json:"room"`
	Identity string `json:"identity"`
	Track    Track  `json:"track"`
}

// Lists, named so that each prints as a table.
type (
	// Rooms is a list of rooms.
	Rooms []Room
	// Participants is a list of participants.
	Participants []Participant
	// Egresses is a list of egresses.
	Egresses []Egress
	// Ingresses is a list of ingresses.
	Ingresses []Ingress
)
