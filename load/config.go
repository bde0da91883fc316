package load

import (
	"fmt"
	"time"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/settings"
)

// Config is one load run. Settings() describes each field once: its YAML
// key, flag, environment variable, default, check and help.
type Config struct {
	// Bot is the template every bot starts from: the connection, the media
	// of publishers and the connect timeout. Its settings are bot.Settings'
	// own rows (see fromBot); the rest of it is filled in per bot.
	Bot bot.Config

	Rooms           int
	RoomPrefix      string
	Publishers      int
	AudioPublishers int
	Subscribers     int

	// Ramp is joins per second across all rooms and all shards.
	Ramp float64
	// Duration is how long every bot stays after the last join has
	// finished; 0 stays until the run's context ends (a signal).
	Duration time.Duration
	// Warmup is the start of the stay, from the ramp's end, that quality
	// figures leave out.
	Warmup time.Duration

	// Churn is leaves and rejoins per minute across this shard's bots.
	Churn float64

	// Media is MediaShared (encode once, publish many) or MediaLive (each
	// publisher encodes its own).
	Media string
	// Layout is how subscribers take video: LayoutAll, LayoutSpeaker or
	// LayoutGrid.
	Layout string
	// Speakers is how many publishers of a room speak at a time, rotating;
	// 0 lets every publisher's synthetic voice talk.
	Speakers int
	// DataRate is chat messages per second per room.
	DataRate float64
	// ImpairFraction is the share of bots Bot.Impair applies to, chosen
	// deterministically (see Impaired).
	ImpairFraction float64
	// DecodeSample makes every DecodeSample-th subscriber decode its
	// video to read the burned-in capture time; 0 decodes none.
	DecodeSample int

	// Shard is "I/N": this process makes the I-th of N shares of the bots
	// (I from 0). Empty means the environment's (ApplyEnvironment) or 0/1.
	Shard string

	// StartAt, RFC 3339, is when every shard starts its ramp; empty
	// starts at once.
	StartAt string

	ReportJSON string
	ReportHTML string
	// Metrics is the address the Prometheus /metrics listens on; empty
	// serves none.
	Metrics  string
	LogLevel string

	// Thresholds; see Result.Thresholds. A percentage is a string such as
	// "2%"; empty or -1 is off.
	MaxJoinFailures int
	MaxLoss         string
	MaxP95Latency   time.Duration
	MaxFreezeRatio  string
}

// The values of Media.
const (
	MediaShared = "shared"
	MediaLive   = "live"
)

// The values of Layout.
const (
	LayoutAll     = "all"
	LayoutSpeaker = "speaker"
	LayoutGrid    = "grid"
)

// DefaultConfig returns the defaults Settings() gives, over a template
// bot with bot.DefaultConfig's. Start every Config from it.
func DefaultConfig() Config {
	c := Config{Bot: bot.DefaultConfig()}
	Settings().Defaults(&c)
	return c
}

// Validate checks every setting and names the first one that is wrong.
func (c *Config) Validate() error {
	if err := Settings().Validate(c); err != nil {
		return err
	}
	if c.Bot.APIKey == "" || c.Bot.APISecret == "" {
		return fmt.Errorf("auth: give --api-key and --api-secret (or LIVEKIT_API_KEY, LIVEKIT_API_SECRET): each bot gets a token of its own")
	}
	return nil
}

// DecodeYAML decodes a --config file over c: any key of Settings, with
// the thresholds also allowed in a thresholds: block. It is strict: an
// unknown key, a key given twice or a value of the wrong type is a
// one-line error naming its line.
func (c *Config) DecodeYAML(data []byte) error {
	return settings.DecodeYAMLGroups(data, map[string][]string{"thresholds": ThresholdKeys}, Settings().Fields(c))
}

// BotsPerRoom is how many bots each room gets.
func (c *Config) BotsPerRoom() int { return c.Publishers + c.AudioPublishers + c.Subscribers }

// TotalBots is how many bots all shards make together.
func (c *Config) TotalBots() int { return c.Rooms * c.BotsPerRoom() }
