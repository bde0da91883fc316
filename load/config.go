package load

import (
	"fmt"
	"time"

	"github.com/lkbot/lkbot/bot"
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

	// Shard is "I/N": this process makes the I-th of N shares of the bots
	// (I from 0). Empty means the environment's (ApplyEnvironment) or 0/1.
	Shard string

	ReportJSON      string
	LogLevel        string
	MaxJoinFailures int
}

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

// BotsPerRoom is how many bots each room gets.
func (c *Config) BotsPerRoom() int { return c.Publishers + c.AudioPublishers + c.Subscribers }

// TotalBots is how many bots all shards make together.
func (c *Config) TotalBots() int { return c.Rooms * c.BotsPerRoom() }
