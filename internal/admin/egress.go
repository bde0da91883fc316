package admin

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/livekit/protocol/livekit"
)

// Egress is what the server reports about one egress.
type Egress struct {
	EgressID  string     `json:"egress_id"`
	Room      string     `json:"room"`
	Type      string     `json:"type"`   // room_composite, track_composite, track, participant, web
	Status    string     `json:"status"` // EGRESS_STARTING, EGRESS_ACTIVE, EGRESS_ENDING, EGRESS_COMPLETE, EGRESS_FAILED, ...
	StartedAt *time.Time `json:"started_at,omitempty"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
	Error     string     `json:"error,omitempty"`
}

func egressFrom(e *livekit.EgressInfo) Egress {
	return Egress{
		EgressID:  e.GetEgressId(),
		Room:      e.GetRoomName(),
		Type:      egressType(e),
		Status:    e.GetStatus().String(),
		StartedAt: nanoTime(e.GetStartedAt()),
		EndedAt:   nanoTime(e.GetEndedAt()),
		Error:     e.GetError(),
	}
}

func egressType(e *livekit.EgressInfo) string {
	switch {
	case e.GetRoomComposite() != nil:
		return "room_composite"
	case e.GetTrackComposite() != nil:
		return "track_composite"
	case e.GetTrack() != nil:
		return "track"
	case e.GetParticipant() != nil:
		return "participant"
	case e.GetWeb() != nil:
		return "web"
	}
	return "unknown"
}

func nanoTime(ns int64) *time.Time {
	if ns <= 0 {
		return nil
	}
	t := time.Unix(0, ns).UTC()
	return &t
}

// EgressOutput says where a composite egress writes; give at least one.
// Paths are on the egress worker or in the bucket it is configured with.
type EgressOutput struct {
	File     string   // a file; .mp4, .ogg or .mp3 picks the container; no extension lets the egress choose
	Streams  []string // rtmp://, rtmps:// or srt:// URLs
	Segments string   // HLS: the segments' file name prefix; the playlist is PREFIX.m3u8
}

// RoomCompositeParams records a room as one composed stream.
type RoomCompositeParams struct {
	Room      string
	Layout    string // grid, speaker, single-speaker, ... (empty: the egress default)
	AudioOnly bool
	VideoOnly bool
	Output    EgressOutput
}

// TrackCompositeParams records one audio and one video track together.
type TrackCompositeParams struct {
	Room       string
	AudioTrack string // track SIDs; give one or both
	VideoTrack string
	Output     EgressOutput
}

// TrackParams exports one track without transcoding, to a file or a
// WebSocket; give exactly one.
type TrackParams struct {
	Room         string
	Track        string // track SID
	File         string
	WebSocketURL string
}

// StartRoomComposite starts a room composite egress.
func (c *Client) StartRoomComposite(ctx context.Context, p RoomCompositeParams) (Egress, error) {
	req, err := roomCompositeRequest(p)
	if err != nil {
		return Egress{}, err
	}
	return c.startEgress(ctx, func(ctx context.Context) (*livekit.EgressInfo, error) {
		return c.egress.StartRoomCompositeEgress(ctx, req)
	})
}

// StartTrackComposite starts a track composite egress.
func (c *Client) StartTrackComposite(ctx context.Context, p TrackCompositeParams) (Egress, error) {
	req, err := trackCompositeRequest(p)
	if err != nil {
		return Egress{}, err
	}
	return c.startEgress(ctx, func(ctx context.Context) (*livekit.EgressInfo, error) {
		return c.egress.StartTrackCompositeEgress(ctx, req)
	})
}

// StartTrack starts a track egress.
func (c *Client) StartTrack(ctx context.Context, p TrackParams) (Egress, error) {
	req, err := trackRequest(p)
	if err != nil {
		return Egress{}, err
	}
	return c.startEgress(ctx, func(ctx context.Context) (*livekit.EgressInfo, error) { return c.egress.StartTrackEgress(ctx, req) })
}

func (c *Client) startEgress(ctx context.Context, start func(context.Context) (*livekit.EgressInfo, error)) (Egress, error) {
	info, err := call(ctx, c, start)
	if err != nil {
		if strings.Contains(err.Error(), "no response from servers") {
			return Egress{}, fmt.Errorf("%w (no egress worker answered)", err)
		}
		return Egress{}, err
	}
	return egressFrom(info), nil
}

func roomCompositeRequest(p RoomCompositeParams) (*livekit.RoomCompositeEgressRequest, error) {
	if err := required("room", p.Room); err != nil {
		return nil, err
	}
	if p.AudioOnly && p.VideoOnly {
		return nil, invalid("", "audio-only and video-only exclude each other")
	}
	req := &livekit.RoomCompositeEgressRequest{RoomName: p.Room, Layout: p.Layout, AudioOnly: p.AudioOnly, VideoOnly: p.VideoOnly}
	var err error
	req.FileOutputs, req.StreamOutputs, req.SegmentOutputs, err = p.Output.encoded()
	return req, err
}

func trackCompositeRequest(p TrackCompositeParams) (*livekit.TrackCompositeEgressRequest, error) {
	if err := required("room", p.Room); err != nil {
		return nil, err
	}
	if p.AudioTrack == "" && p.VideoTrack == "" {
		return nil, invalid("", "give an audio track, a video track or both")
	}
	req := &livekit.TrackCompositeEgressRequest{RoomName: p.Room, AudioTrackId: p.AudioTrack, VideoTrackId: p.VideoTrack}
	var err error
	req.FileOutputs, req.StreamOutputs, req.SegmentOutputs, err = p.Output.encoded()
	return req, err
}

func trackRequest(p TrackParams) (*livekit.TrackEgressRequest, error) {
	if err := required("room", p.Room, "track", p.Track); err != nil {
		return nil, err
	}
	req := &livekit.TrackEgressRequest{RoomName: p.Room, TrackId: p.Track}
	switch {
	case (p.File == "") == (p.WebSocketURL == ""):
		return nil, invalid("", "give a file or a websocket URL, not both or neither")
	case p.File != "":
		req.Output = &livekit.TrackEgressRequest_File{File: &livekit.DirectFileOutput{Filepath: p.File}}
	default:
		if err := checkURL("websocket", p.WebSocketURL, "ws", "wss"); err != nil {
			return nil, err
		}
		req.Output = &livekit.TrackEgressRequest_WebsocketUrl{WebsocketUrl: p.WebSocketURL}
	}
	return req, nil
}

// encoded builds the outputs of a composite egress.
func (o EgressOutput) encoded() ([]*livekit.EncodedFileOutput, []*livekit.StreamOutput, []*livekit.SegmentedFileOutput, error) {
	if o.File == "" && len(o.Streams) == 0 && o.Segments == "" {
		return nil, nil, nil, invalid("", "give an output: a file, a stream URL or a segments prefix")
	}
	var files []*livekit.EncodedFileOutput
	if o.File != "" {
		ft, err := fileType(o.File)
		if err != nil {
			return nil, nil, nil, err
		}
		files = append(files, &livekit.EncodedFileOutput{Filepath: o.File, FileType: ft})
	}
	var streams []*livekit.StreamOutput
	if len(o.Streams) > 0 {
		proto, err := streamProtocol(o.Streams)
		if err != nil {
			return nil, nil, nil, err
		}
		streams = append(streams, &livekit.StreamOutput{Protocol: proto, Urls: o.Streams})
	}
	var segments []*livekit.SegmentedFileOutput
	if o.Segments != "" {
		segments = append(segments, &livekit.SegmentedFileOutput{
			Protocol:       livekit.SegmentedFileProtocol_HLS_PROTOCOL,
			FilenamePrefix: o.Segments,
			PlaylistName:   path.Base(o.Segments) + ".m3u8",
		})
	}
	return files, streams, segments, nil
}

// fileExtensions are the containers a composite egress writes, by the
// file's extension; a path without one lets the egress choose (MP4).
var fileExtensions = map[string]livekit.EncodedFileType{
	".mp4": livekit.EncodedFileType_MP4,
	".ogg": livekit.EncodedFileType_OGG,
	".mp3": livekit.EncodedFileType_MP3,
}

// FileExtensions lists the extensions a composite egress's file may have.
func FileExtensions() []string { return slices.Sorted(maps.Keys(fileExtensions)) }

func fileType(p string) (livekit.EncodedFileType, error) {
	ext := strings.ToLower(path.Ext(p))
	if ext == "" {
		return livekit.EncodedFileType_DEFAULT_FILETYPE, nil
	}
	if t, ok := fileExtensions[ext]; ok {
		return t, nil
	}
	return 0, invalid("file", "%q has an unknown extension (use %s, or none to let the egress choose)", p, strings.Join(FileExtensions(), ", "))
}

// streamProtocol requires every URL to be RTMP(S), or every one SRT.
func streamProtocol(urls []string) (livekit.StreamProtocol, error) {
	var proto livekit.StreamProtocol
	for _, u := range urls {
		if err := checkURL("stream", u, "rtmp", "rtmps", "srt"); err != nil {
			return 0, err
		}
		p := livekit.StreamProtocol_RTMP
		if strings.HasPrefix(strings.ToLower(u), "srt:") {
			p = livekit.StreamProtocol_SRT
		}
		if proto != 0 && p != proto {
			return 0, invalid("stream", "URLs mix RTMP and SRT; one egress streams one protocol")
		}
		proto = p
	}
	return proto, nil
}

// checkURL requires raw to be an absolute URL with one of the schemes. The
// URL is not echoed: stream URLs often hold a stream key.
func checkURL(field, raw string, schemes ...string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return invalid(field, "is not a URL (want %s://HOST/...)", strings.Join(schemes, ":// or "))
	}
	for _, s := range schemes {
		if strings.EqualFold(u.Scheme, s) {
			return nil
		}
	}
	return invalid(field, "URL has scheme %q (want %s)", u.Scheme, strings.Join(schemes, ", "))
}

// ListEgressParams filters the list; zero values list everything.
type ListEgressParams struct {
	Room     string
	EgressID string
	Active   bool
}

// ListEgress lists egresses.
func (c *Client) ListEgress(ctx context.Context, p ListEgressParams) (Egresses, error) {
	res, err := call(ctx, c, func(ctx context.Context) (*livekit.ListEgressResponse, error) {
		return c.egress.ListEgress(ctx, &livekit.ListEgressRequest{RoomName: p.Room, EgressId: p.EgressID, Active: p.Active})
	})
	if err != nil {
		return nil, err
	}
	out := make(Egresses, 0, len(res.GetItems()))
	for _, e := range res.GetItems() {
		out = append(out, egressFrom(e))
	}
	return out, nil
}

// StopEgress stops an egress and returns its final state.
func (c *Client) StopEgress(ctx context.Context, egressID string) (Egress, error) {
	if err := required("id", egressID); err != nil {
		return Egress{}, err
	}
	// Asked to stop an egress it does not know, the server waits seconds
	// for a worker; asking first fails fast.
	known, err := c.ListEgress(ctx, ListEgressParams{EgressID: egressID})
	if err != nil {
		return Egress{}, err
	}
	if len(known) == 0 {
		return Egress{}, errNotFound("egress %s", egressID)
	}
	info, err := call(ctx, c, func(ctx context.Context) (*livekit.EgressInfo, error) {
		return c.egress.StopEgress(ctx, &livekit.StopEgressRequest{EgressId: egressID})
	})
	if err != nil {
		return Egress{}, err
	}
	return egressFrom(info), nil
}
