package record

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/internal/settings"
)

// Config says where to record and what.
type Config struct {
	// Dir is where files and manifest.json go; empty records nothing.
	Dir string
	// Participants, Sources and Kinds filter the tracks recorded; empty
	// takes every one.
	Participants []string
	Sources      []string
	Kinds        []string
	// Quality is the simulcast layer recorded: low, medium or high.
	Quality string
	// Segment, when positive, starts a new file every Segment (at the
	// next keyframe for video); it does not apply to muxed files.
	Segment time.Duration
	// Mux is track (a file per track) or participant (a participant's
	// camera and microphone in one file).
	Mux string
	// AudioFormat is the container of an audio track recorded alone: ogg
	// or webm.
	AudioFormat string
}

// Values the settings accept.
var (
	sources   = []string{"camera", "microphone", "screen_share", "screen_share_audio"}
	kinds     = []string{"audio", "video"}
	qualities = map[string]livekit.VideoQuality{"low": livekit.VideoQuality_LOW, "medium": livekit.VideoQuality_MEDIUM, "high": livekit.VideoQuality_HIGH}
)

// Settings describes every field of Config once: flags, YAML keys,
// defaults and checks come from it.
func Settings() settings.Table[Config] {
	type C = Config
	return settings.Table[Config]{
		{Key: "record", Arg: "DIR", Usage: "record the tracks the bot receives into DIR, with manifest.json",
			Field: func(c *C) any { return &c.Dir }},
		{Key: "record_participant", Arg: "ID", Usage: "record only this participant's tracks (repeatable)",
			Field: func(c *C) any { return &c.Participants }},
		{Key: "record_source", Arg: "SOURCE", Usage: "record only this source: " + strings.Join(sources, ", ") + " (repeatable)",
			Field: func(c *C) any { return &c.Sources }, Check: func(c *C) error { return oneOf(c.Sources, sources) }},
		{Key: "record_kind", Arg: "KIND", Usage: "record only audio or video (repeatable)",
			Field: func(c *C) any { return &c.Kinds }, Check: func(c *C) error { return oneOf(c.Kinds, kinds) }},
		{Key: "record_quality", Usage: "simulcast layer to record: low, medium or high", Default: "high",
			Field: func(c *C) any { return &c.Quality }, Check: checkQuality},
		{Key: "record_mux", Usage: "track: one file per track; participant: each participant's camera and microphone in one WebM or Matroska file, in sync", Default: muxTrack,
			Field: func(c *C) any { return &c.Mux }, Check: func(c *C) error { return oneOf([]string{c.Mux}, []string{muxTrack, muxParticipant}) }},
		{Key: "record_format", Usage: "container of an audio track recorded alone: ogg or webm", Default: "ogg",
			Field: func(c *C) any { return &c.AudioFormat }, Check: func(c *C) error { return oneOf([]string{c.AudioFormat}, []string{"ogg", "webm"}) }},
		{Key: "record_segment", Usage: "start a new file every this long, at a keyframe (0: one file per track)",
			Field: func(c *C) any { return &c.Segment }, Check: checkSegment},
	}
}

func oneOf(got, allowed []string) error {
	for _, g := range got {
		if !slices.Contains(allowed, g) {
			return fmt.Errorf("%q is not one of %s", g, strings.Join(allowed, ", "))
		}
	}
	return nil
}

func checkQuality(c *Config) error {
	if _, ok := qualities[c.Quality]; !ok {
		return fmt.Errorf("%q is not low, medium or high", c.Quality)
	}
	return nil
}

func checkSegment(c *Config) error {
	if c.Segment < 0 || (c.Segment > 0 && c.Segment < time.Second) {
		return fmt.Errorf("%s: want 0 (off) or at least 1s", c.Segment)
	}
	return nil
}

// takes reports whether the config records a track.
func (c *Config) takes(participant, source, kind string) bool {
	return (len(c.Participants) == 0 || slices.Contains(c.Participants, participant)) &&
		(len(c.Sources) == 0 || slices.Contains(c.Sources, source)) &&
		(len(c.Kinds) == 0 || slices.Contains(c.Kinds, kind))
}
