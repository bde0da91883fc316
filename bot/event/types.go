package event

// Connected: the bot joined the room.
type Connected struct {
	Room           string `json:"room"`
	RoomSID        string `json:"room_sid"`
	Identity       string `json:"identity"`
	ParticipantSID string `json:"participant_sid"`
	ServerVersion  string `json:"server_version"`
	// The bot's own name, metadata and attributes as it joined: later
	// changes come as participant_*_changed events with local true.
	Name       string            `json:"name"`
	Metadata   string            `json:"metadata"`
	Attributes map[string]string `json:"attributes"`
}

// Reconnecting: the connection dropped and the SDK is trying to get it back.
type Reconnecting struct{}

// Reconnected: the connection is back; local tracks may have new SIDs.
type Reconnected struct{}

// Rejoining: with --rejoin, the session was lost for good (the SDK gave
// up reconnecting, or the server ended it) and the bot will join again
// after DelayMs. Attempt counts from 1 for each outage; LastError says why
// the previous attempt failed (empty for the first).
type Rejoining struct {
	Attempt   int     `json:"attempt"`
	DelayMs   float64 `json:"delay_ms"`
	Reason    string  `json:"reason"`
	LastError string  `json:"last_error"`
}

// Rejoined: the bot is back in its room after Attempt attempts and OutMs
// out of it, with its tracks, mutes, name, metadata and attributes
// restored. ParticipantSID is the new session's.
type Rejoined struct {
	Attempt        int     `json:"attempt"`
	OutMs          float64 `json:"out_ms"`
	ParticipantSID string  `json:"participant_sid"`
}

// Disconnected: the bot left the room or was removed. Reason is LiveKit's
// disconnect reason, such as CLIENT_INITIATED or PARTICIPANT_REMOVED.
type Disconnected struct {
	Reason string `json:"reason"`
}

// ParticipantJoined: a remote participant joined, or was in the room when
// the bot joined. It carries the participant's state at that moment; the
// participant_*_changed events report later changes only.
type ParticipantJoined struct {
	Identity   string            `json:"identity"`
	SID        string            `json:"sid"`
	Name       string            `json:"name"`
	Metadata   string            `json:"metadata"`
	Attributes map[string]string `json:"attributes"`
}

// ParticipantLeft: a remote participant left.
type ParticipantLeft struct {
	Identity string `json:"identity"`
	SID      string `json:"sid"`
	Reason   string `json:"reason"`
}

// ParticipantMetadataChanged: a participant's metadata changed. Local is true
// for the bot itself.
type ParticipantMetadataChanged struct {
	Identity    string `json:"identity"`
	Local       bool   `json:"local"`
	Metadata    string `json:"metadata"`
	OldMetadata string `json:"old_metadata"`
}

// ParticipantNameChanged: a participant's display name changed.
type ParticipantNameChanged struct {
	Identity string `json:"identity"`
	Local    bool   `json:"local"`
	Name     string `json:"name"`
}

// ParticipantAttributesChanged: some of a participant's attributes changed.
// Changed holds the new values of the changed keys ("" for a removed key);
// Attributes holds them all.
type ParticipantAttributesChanged struct {
	Identity   string            `json:"identity"`
	Local      bool              `json:"local"`
	Changed    map[string]string `json:"changed"`
	Attributes map[string]string `json:"attributes"`
}

// ParticipantPermissionsChanged: the server changed what a participant may
// do, for example through the server API's UpdateParticipant. Sources are
// the sources it may publish (empty: all).
type ParticipantPermissionsChanged struct {
	Identity          string   `json:"identity"`
	Local             bool     `json:"local"`
	CanSubscribe      bool     `json:"can_subscribe"`
	CanPublish        bool     `json:"can_publish"`
	CanPublishData    bool     `json:"can_publish_data"`
	CanPublishSources []string `json:"can_publish_sources"`
	CanUpdateMetadata bool     `json:"can_update_metadata"`
	Hidden            bool     `json:"hidden"`
}

// RoomMetadataChanged: the room's metadata changed.
type RoomMetadataChanged struct {
	Metadata string `json:"metadata"`
}

// TrackPublished: a track was published, by the bot (Local) or by another
// participant.
type TrackPublished struct {
	Participant string `json:"participant"`
	Local       bool   `json:"local"`
	SID         string `json:"sid"`
	Source      string `json:"source"`
	Kind        string `json:"kind"`
	MimeType    string `json:"mime_type"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	Simulcast   bool   `json:"simulcast"`
	Muted       bool   `json:"muted"`
}

// TrackUnpublished: a track was removed.
type TrackUnpublished struct {
	Participant string `json:"participant"`
	Local       bool   `json:"local"`
	SID         string `json:"sid"`
	Source      string `json:"source"`
}

// TrackMuted: a track was muted.
type TrackMuted struct {
	Participant string `json:"participant"`
	Local       bool   `json:"local"`
	SID         string `json:"sid"`
	Source      string `json:"source"`
}

// TrackUnmuted: a track was unmuted.
type TrackUnmuted struct {
	Participant string `json:"participant"`
	Local       bool   `json:"local"`
	SID         string `json:"sid"`
	Source      string `json:"source"`
}

// SourceEnded: one of the bot's own sources ended by itself, and its track
// is unpublished next. Reason is end_of_file for a file played without
// loop, or error for a device or file that failed (Message says how: a
// camera unplugged, a read timeout, a truncated file).
type SourceEnded struct {
	Source  string `json:"source"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// TrackSubscribed: the bot started receiving a remote track.
type TrackSubscribed struct {
	Participant string `json:"participant"`
	SID         string `json:"sid"`
	Source      string `json:"source"`
	Kind        string `json:"kind"`
	MimeType    string `json:"mime_type"`
}

// TrackStats: what the bot received on a subscribed track over the last
// interval.
type TrackStats struct {
	Participant string  `json:"participant"`
	SID         string  `json:"sid"`
	Source      string  `json:"source"`
	Kind        string  `json:"kind"`
	MimeType    string  `json:"mime_type"`
	Width       int     `json:"width"`
	Height      int     `json:"height"`
	FPS         float64 `json:"fps"`
	BitrateKbps float64 `json:"bitrate_kbps"`
	Packets     uint64  `json:"packets"`
	Lost        uint64  `json:"lost"`
	// LostBeforeRepair is the loss on the wire, before retransmissions
	// filled gaps; Lost is what stayed lost.
	LostBeforeRepair uint64  `json:"lost_before_repair"`
	Freezes          uint64  `json:"freezes"`
	JitterMs         float64 `json:"jitter_ms"`
	Keyframes        uint64  `json:"keyframes"`
}

// ActiveSpeakersChanged: the set of participants speaking now, loudest first.
type ActiveSpeakersChanged struct {
	Speakers []string `json:"speakers"`
}

// ConnectionQualityChanged: LiveKit's estimate of a participant's connection:
// EXCELLENT, GOOD, POOR or LOST.
type ConnectionQualityChanged struct {
	Participant string `json:"participant"`
	Local       bool   `json:"local"`
	Quality     string `json:"quality"`
}

// DataReceived: a data packet arrived. Text holds the payload when it is
// valid UTF-8. It has no delivery mode: lksdk does not say whether a
// received packet came reliable or lossy, so lkbot does not claim either.
type DataReceived struct {
	From  string `json:"from"`
	Topic string `json:"topic"`
	Size  int    `json:"size"`
	Text  string `json:"text"`
}

// DataSent: the bot sent a data packet.
type DataSent struct {
	Topic        string   `json:"topic"`
	Reliable     bool     `json:"reliable"`
	Size         int      `json:"size"`
	Destinations []string `json:"destinations"`
}

// Command: the bot handled a command, accepted or refused. Door is rpc,
// data, http or script; Outcome is ok, error or refused; Code is the error
// code when Outcome is not ok.
type Command struct {
	Method     string  `json:"method"`
	Caller     string  `json:"caller"`
	Door       string  `json:"door"`
	ID         string  `json:"id"`
	Outcome    string  `json:"outcome"`
	Code       string  `json:"code"`
	Message    string  `json:"message"`
	DurationMs float64 `json:"duration_ms"`
}

// ScriptStep: a scenario step finished; Error says why it failed.
type ScriptStep struct {
	Step  string `json:"step"`
	OK    bool   `json:"ok"`
	Error string `json:"error"`
}

// ScriptDone: the scenario ended; OK only if every step and expectation held.
type ScriptDone struct {
	OK    bool   `json:"ok"`
	Error string `json:"error"`
}

// RecordingStarted: the bot started writing a received track to File,
// beginning at a keyframe.
type RecordingStarted struct {
	Participant string `json:"participant"`
	SID         string `json:"sid"`
	Source      string `json:"source"`
	Codec       string `json:"codec"`
	File        string `json:"file"`
}

// RecordingSegment: a track's recording moved on to a new file, File,
// after Previous was finished (--record-segment).
type RecordingSegment struct {
	Participant string `json:"participant"`
	SID         string `json:"sid"`
	Source      string `json:"source"`
	File        string `json:"file"`
	Previous    string `json:"previous"`
}

// RecordingStopped: a track's recording ended (the track ended, or the
// bot left) and its last file was finished with duration and cues.
type RecordingStopped struct {
	Participant string   `json:"participant"`
	SID         string   `json:"sid"`
	Source      string   `json:"source"`
	Files       []string `json:"files"`
	Frames      uint64   `json:"frames"`
	Packets     uint64   `json:"packets"`
	Gaps        uint64   `json:"gaps"`
	DurationMs  float64  `json:"duration_ms"`
}

// RecordingError: recording a track failed, for example because the disk
// is full; what was written stays playable, and the track is no longer
// recorded.
type RecordingError struct {
	Participant string `json:"participant"`
	SID         string `json:"sid"`
	Source      string `json:"source"`
	File        string `json:"file"`
	Message     string `json:"message"`
}

// Error: something the bot tried failed without ending the session.
type Error struct {
	Op      string `json:"op"`
	Message string `json:"message"`
}

// Dropped: the event writer fell behind and lost Count events.
type Dropped struct {
	Count int `json:"count"`
}

func (Connected) Type() string                     { return "connected" }
func (Reconnecting) Type() string                  { return "reconnecting" }
func (Reconnected) Type() string                   { return "reconnected" }
func (Rejoining) Type() string                     { return "rejoining" }
func (Rejoined) Type() string                      { return "rejoined" }
func (Disconnected) Type() string                  { return "disconnected" }
func (ParticipantJoined) Type() string             { return "participant_joined" }
func (ParticipantLeft) Type() string               { return "participant_left" }
func (ParticipantMetadataChanged) Type() string    { return "participant_metadata_changed" }
func (ParticipantNameChanged) Type() string        { return "participant_name_changed" }
func (ParticipantAttributesChanged) Type() string  { return "participant_attributes_changed" }
func (ParticipantPermissionsChanged) Type() string { return "participant_permissions_changed" }
func (RoomMetadataChanged) Type() string           { return "room_metadata_changed" }
func (TrackPublished) Type() string                { return "track_published" }
func (TrackUnpublished) Type() string              { return "track_unpublished" }
func (TrackMuted) Type() string                    { return "track_muted" }
func (TrackUnmuted) Type() string                  { return "track_unmuted" }
func (SourceEnded) Type() string                   { return "source_ended" }
func (TrackSubscribed) Type() string               { return "track_subscribed" }
func (TrackStats) Type() string                    { return "track_stats" }
func (ActiveSpeakersChanged) Type() string         { return "active_speakers_changed" }
func (ConnectionQualityChanged) Type() string      { return "connection_quality_changed" }
func (DataReceived) Type() string                  { return "data_received" }
func (DataSent) Type() string                      { return "data_sent" }
func (RecordingStarted) Type() string              { return "recording_started" }
func (RecordingSegment) Type() string              { return "recording_segment" }
func (RecordingStopped) Type() string              { return "recording_stopped" }
func (RecordingError) Type() string                { return "recording_error" }
func (Error) Type() string                         { return "error" }
func (Command) Type() string                       { return "command" }
func (ScriptStep) Type() string                    { return "script_step" }
func (ScriptDone) Type() string                    { return "script_done" }
func (Dropped) Type() string                       { return "events_dropped" }
