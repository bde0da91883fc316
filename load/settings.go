package load

import (
	"errors"
	"fmt"
	"math"
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap/zapcore"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/settings"
)

// Limits on what Validate accepts: large enough for any one run, small
// enough that a typo cannot ask for a plan that fills the memory.
const (
	MaxRooms       = 100_000
	MaxBotsPerRoom = 10_000
	MaxBots        = 1_000_000
	// MinRamp is the slowest ramp: one join every 100 s.
	MinRamp = 0.01
)

// Settings describes every field of Config once. The CLI's flags, the YAML
// keys of --config, DefaultConfig, Validate and the configuration the
// report holds all come from it. The connection and media settings are
// bot.Settings' rows, so that they read and check the same in join and load.
func Settings() settings.Table[Config] {
	type C = Config
	return settings.Table[Config]{
		fromBot("url"), fromBot("api_key"), fromBot("api_secret"),
		{Key: "rooms", Usage: "number of rooms", Default: 1,
			Field: func(c *C) any { return &c.Rooms }, Check: func(c *C) error { return inRange(c.Rooms, 1, MaxRooms) }},
		{Key: "room_prefix", Usage: "rooms are named PREFIX-1, PREFIX-2, ...; identities start with the room's name", Arg: "PREFIX", Default: "load",
			Field: func(c *C) any { return &c.RoomPrefix }, Check: checkPrefix},
		{Key: "publishers", Usage: "bots per room that publish camera and microphone",
			Field: func(c *C) any { return &c.Publishers }, Check: func(c *C) error { return inRange(c.Publishers, 0, MaxBotsPerRoom) }},
		{Key: "audio_publishers", Usage: "bots per room that publish a microphone only",
			Field: func(c *C) any { return &c.AudioPublishers }, Check: func(c *C) error { return inRange(c.AudioPublishers, 0, MaxBotsPerRoom) }},
		{Key: "subscribers", Usage: "bots per room that only subscribe",
			Field: func(c *C) any { return &c.Subscribers }, Check: checkSubscribers},
		{Key: "ramp", Usage: "joins per second across all rooms and shards, with no hidden cap", Default: 10.0,
			Field: func(c *C) any { return &c.Ramp }, Check: checkRamp},
		{Key: "duration", Usage: "stay this long after the last join, then leave (0 stays until a signal)",
			Field: func(c *C) any { return &c.Duration }, Check: func(c *C) error { return notNegative(c.Duration) }},
		{Key: "warmup", Usage: "the start of the stay that quality figures leave out", Default: 10 * time.Second,
			Field: func(c *C) any { return &c.Warmup }, Check: func(c *C) error { return notNegative(c.Warmup) }},
		{Key: "churn", Arg: "R", Usage: "leaves and rejoins per minute across the bots, during the stay",
			Field: func(c *C) any { return &c.Churn }, Check: func(c *C) error { return notNegativeRate(c.Churn) }},
		fromBot("video_codec"), fromBot("resolution"), fromBot("fps"), fromBot("simulcast"), fromBot("connect_timeout"),
		{Key: "media", Usage: "shared: encode once per layer and send the same samples from every publisher; live: each publisher encodes its own", Default: MediaShared,
			Field: func(c *C) any { return &c.Media }, Check: func(c *C) error { return oneOf(c.Media, MediaShared, MediaLive) }},
		{Key: "layout", Usage: "what subscribers take: all (every track at its top layer), speaker (the active speaker high, the rest low) or grid (layers that fit a 3x3 grid)", Default: LayoutAll,
			Field: func(c *C) any { return &c.Layout }, Check: func(c *C) error { return oneOf(c.Layout, LayoutAll, LayoutSpeaker, LayoutGrid) }},
		{Key: "speakers", Arg: "N", Usage: "publishers per room that speak at a time, rotating every few seconds (0: every voice talks)",
			Field: func(c *C) any { return &c.Speakers }, Check: func(c *C) error { return inRange(c.Speakers, 0, MaxBotsPerRoom) }},
		{Key: "data_rate", Arg: "R", Usage: "chat messages per second per room, each timed from send to receipt",
			Field: func(c *C) any { return &c.DataRate }, Check: func(c *C) error { return notNegativeRate(c.DataRate) }},
		fromBot("impair"),
		{Key: "impair_fraction", Arg: "F", Usage: "apply --impair to this fraction of the bots, 0 to 1, chosen deterministically and named in the report", Default: 1.0,
			Field: func(c *C) any { return &c.ImpairFraction }, Check: checkImpairFraction},
		{Key: "decode_sample", Arg: "N", Usage: "every Nth subscriber decodes its video and reads the burned-in capture time, a second latency figure (0: none)", Default: 10,
			Field: func(c *C) any { return &c.DecodeSample }, Check: func(c *C) error { return inRange(c.DecodeSample, 0, MaxBots) }},
		{Key: "shard", Arg: "I/N", Usage: "make share I/N of the bots, I from 0 to N-1 (default: JOB_COMPLETION_INDEX/JOB_COMPLETION_COUNT, else 0/1)",
			Field: func(c *C) any { return &c.Shard }, Check: func(c *C) error { _, err := c.ParsedShard(); return err }},
		{Key: "start_at", Arg: "TIME", Usage: "start the ramp at this RFC 3339 time, so that shards start together (empty: at once)",
			Field: func(c *C) any { return &c.StartAt }, Check: func(c *C) error { _, err := c.StartTime(); return err }},
		{Key: "report_json", Arg: "PATH", Usage: "write the JSON report to PATH",
			Field: func(c *C) any { return &c.ReportJSON }},
		{Key: "report_html", Arg: "PATH", Usage: "write a self-contained HTML report with plots to PATH",
			Field: func(c *C) any { return &c.ReportHTML }},
		{Key: "metrics", Arg: "ADDR", Usage: "serve Prometheus /metrics on ADDR (host:port) during the run",
			Field: func(c *C) any { return &c.Metrics }, Check: checkMetricsAddr},
		{Key: "log_level", Usage: "debug, info, warn or error: warn keeps hundreds of bots' joins out of the log", Default: "warn",
			Field: func(c *C) any { return &c.LogLevel }, Check: checkLogLevel},
		{Key: "max_join_failures", Arg: "N", Usage: "fail the run when more than N joins fail (-1: no limit)", Default: -1,
			Field: func(c *C) any { return &c.MaxJoinFailures }, Check: func(c *C) error { return inRange(c.MaxJoinFailures, -1, math.MaxInt32) }},
		{Key: "max_loss", Arg: "PERCENT", Usage: "fail the run when the residual loss after retransmission, over all received packets, is above this, e.g. 2%",
			Field: func(c *C) any { return &c.MaxLoss }, Check: func(c *C) error { _, err := ParsePercent(c.MaxLoss); return err }},
		{Key: "max_p95_latency", Usage: "fail the run when the p95 end-to-end latency is above this, e.g. 400ms (0: no limit)",
			Field: func(c *C) any { return &c.MaxP95Latency }, Check: func(c *C) error { return notNegative(c.MaxP95Latency) }},
		{Key: "max_freeze_ratio", Arg: "PERCENT", Usage: "fail the run when video is frozen for more than this share of its time, e.g. 1%",
			Field: func(c *C) any { return &c.MaxFreezeRatio }, Check: func(c *C) error { _, err := ParsePercent(c.MaxFreezeRatio); return err }},
	}
}

// fromBot turns one of bot.Settings' rows into a row of this table that
// reads and writes the template bot's field, so that the setting keeps one
// definition.
func fromBot(key string) settings.Setting[Config] {
	for _, s := range bot.Settings() {
		if s.Key != key {
			continue
		}
		out := settings.Setting[Config]{Key: s.Key, Flag: s.Flag, Env: s.Env, Arg: s.Arg, Usage: s.Usage, Default: s.Default, Secret: s.Secret,
			Field: func(c *Config) any { return s.Field(&c.Bot) }}
		if s.Check != nil {
			out.Check = func(c *Config) error { return s.Check(&c.Bot) }
		}
		return out
	}
	panic("load: bot.Settings has no " + key) // a table bug, caught by TestSettingsTable
}

// prefixRe keeps room names and identities plain: they appear in URLs,
// file names and Prometheus labels.
var prefixRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

func checkPrefix(c *Config) error {
	if !prefixRe.MatchString(c.RoomPrefix) {
		return fmt.Errorf("%q is not 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit", c.RoomPrefix)
	}
	return nil
}

// checkSubscribers checks the count, then the whole plan's size: it is the
// last of the per-room counts in the table.
func checkSubscribers(c *Config) error {
	if err := inRange(c.Subscribers, 0, MaxBotsPerRoom); err != nil {
		return err
	}
	if c.BotsPerRoom() == 0 {
		return errors.New("no bots: set --publishers, --audio-publishers or --subscribers")
	}
	if total := int64(c.Rooms) * int64(c.BotsPerRoom()); total > MaxBots {
		return fmt.Errorf("%d bots in all is more than %d", total, MaxBots)
	}
	return nil
}

func checkLogLevel(c *Config) error {
	if _, err := zapcore.ParseLevel(c.LogLevel); err != nil {
		return fmt.Errorf("unknown log level %q (want debug, info, warn or error)", c.LogLevel)
	}
	return nil
}

func checkRamp(c *Config) error {
	if math.IsNaN(c.Ramp) || math.IsInf(c.Ramp, 0) || c.Ramp < MinRamp {
		return fmt.Errorf("%g is out of range (at least %g joins per second, no upper limit)", c.Ramp, MinRamp)
	}
	return nil
}

func oneOf(v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return fmt.Errorf("unknown value %q (want %s)", v, strings.Join(allowed, " or "))
}

func notNegativeRate(r float64) error {
	if math.IsNaN(r) || math.IsInf(r, 0) || r < 0 {
		return fmt.Errorf("%g is out of range (0 or more)", r)
	}
	return nil
}

func checkImpairFraction(c *Config) error {
	f := c.ImpairFraction
	if math.IsNaN(f) || f < 0 || f > 1 {
		return fmt.Errorf("%g is out of range (0 to 1)", f)
	}
	return nil
}

func checkMetricsAddr(c *Config) error {
	if c.Metrics == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(c.Metrics)
	if err != nil {
		return fmt.Errorf("%q is not host:port, as in 127.0.0.1:9090", c.Metrics)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q: port %q is not 0 to 65535", c.Metrics, port)
	}
	_ = host // empty listens on every interface, as net.Listen does
	return nil
}

func inRange(v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("%d is out of range (%d to %d)", v, lo, hi)
	}
	return nil
}

func notNegative(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("%s is negative", d)
	}
	return nil
}
