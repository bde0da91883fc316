package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v3"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/command"
	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/bot/script"
	"github.com/lkbot/lkbot/internal/logging"
)

func joinCommand() *cli.Command {
	d := bot.DefaultConfig()
	return &cli.Command{
		Name:  "join",
		Usage: "join a room, publish camera and microphone, and stay until told to leave",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "config", Usage: "YAML config `FILE`; flags override it"},
			&cli.StringFlag{Name: "url", Usage: "LiveKit server URL", Sources: cli.EnvVars("LIVEKIT_URL")},
			&cli.StringFlag{Name: "api-key", Usage: "API key to mint a token", Sources: cli.EnvVars("LIVEKIT_API_KEY")},
			&cli.StringFlag{Name: "api-secret", Usage: "API secret to mint a token", Sources: cli.EnvVars("LIVEKIT_API_SECRET")},
			&cli.StringFlag{Name: "token", Usage: "access token (instead of key and secret)", Sources: cli.EnvVars("LIVEKIT_TOKEN")},
			&cli.DurationFlag{Name: "token-ttl", Usage: "lifetime of a minted token", Value: d.TokenTTL},
			&cli.StringFlag{Name: "room", Usage: "room to join"},
			&cli.StringFlag{Name: "identity", Usage: "participant identity (default lkbot-<random>)"},
			&cli.StringFlag{Name: "name", Usage: "display name"},
			&cli.StringFlag{Name: "metadata", Usage: "participant metadata"},
			&cli.StringSliceFlag{Name: "attribute", Usage: "participant attribute `k=v` (repeatable)"},
			&cli.StringFlag{Name: "camera", Usage: "camera `SPEC`: synthetic, none, device[:ID], file:PATH", Value: d.Camera},
			&cli.StringFlag{Name: "mic", Usage: "microphone `SPEC`: synthetic, none, device[:ID], file:PATH", Value: d.Mic},
			&cli.StringFlag{Name: "video-codec", Usage: "vp8, h264 or vp9", Value: d.VideoCodec},
			&cli.StringFlag{Name: "resolution", Usage: "camera size `WxH`", Value: d.Resolution},
			&cli.IntFlag{Name: "fps", Usage: "camera frames per second", Value: d.FPS},
			&cli.IntFlag{Name: "video-bitrate", Usage: "top layer bitrate in bits/s (0 = by resolution)"},
			&cli.BoolFlag{Name: "simulcast", Usage: "publish full, half and quarter size layers", Value: d.Simulcast},
			&cli.BoolFlag{Name: "start-muted", Usage: "publish tracks already muted"},
			&cli.FloatFlag{Name: "blur", Usage: "blur the camera's background with this `RADIUS` (as LiveKit's BackgroundBlur; 10 is typical)"},
			&cli.StringFlag{Name: "background", Usage: "replace the camera's background with this JPEG or PNG `IMAGE`"},
			&cli.StringFlag{Name: "segmentation-model", Usage: "landscape (faster) or general", Value: d.SegmentationModel},
			&cli.IntFlag{Name: "segmentation-stride", Usage: "run person segmentation every Nth frame", Value: d.SegmentationStride},
			&cli.StringSliceFlag{Name: "allow-commands-from", Usage: "identities that may command the bot over RPC and data, `ID[,ID]`; * for anyone, server for the server API"},
			&cli.StringFlag{Name: "http", Usage: "serve the local HTTP command API on `ADDR` (loopback unless --http-token)"},
			&cli.StringFlag{Name: "http-token", Usage: "require this bearer token on the HTTP API", Sources: cli.EnvVars("LKBOT_HTTP_TOKEN")},
			&cli.StringFlag{Name: "script", Usage: "run the scenario in `FILE`.yaml, then leave; exit 0 only if every step held"},
			&cli.DurationFlag{Name: "duration", Usage: "leave after this long (0 = until a signal)"},
			&cli.DurationFlag{Name: "stats-interval", Usage: "emit track_stats for received tracks this often (0 = never)"},
			&cli.StringFlag{Name: "events", Usage: "write events as JSON lines to `PATH`, or - for stdout"},
			&cli.StringFlag{Name: "log-level", Usage: "debug, info, warn or error", Value: d.LogLevel},
			&cli.StringFlag{Name: "log-format", Usage: "console or json", Value: d.LogFormat},
		},
		Action: func(ctx context.Context, cmd *cli.Command) error {
			cfg, err := joinConfig(cmd)
			if err != nil {
				return usageError{err}
			}
			return runJoin(ctx, cmd, cfg)
		},
	}
}

// joinConfig builds the config: defaults, then the file, then set flags.
func joinConfig(cmd *cli.Command) (bot.Config, error) {
	cfg := bot.DefaultConfig()
	if path := cmd.String("config"); path != "" {
		if err := bot.LoadConfigFile(path, &cfg); err != nil {
			return cfg, err
		}
	}
	str := map[string]*string{
		"url": &cfg.URL, "api-key": &cfg.APIKey, "api-secret": &cfg.APISecret, "token": &cfg.Token,
		"room": &cfg.Room, "identity": &cfg.Identity, "name": &cfg.Name, "metadata": &cfg.Metadata,
		"camera": &cfg.Camera, "mic": &cfg.Mic, "video-codec": &cfg.VideoCodec, "resolution": &cfg.Resolution,
		"events": &cfg.Events, "log-level": &cfg.LogLevel, "log-format": &cfg.LogFormat,
		"http": &cfg.HTTP, "http-token": &cfg.HTTPToken, "script": &cfg.Script,
		"background": &cfg.Background, "segmentation-model": &cfg.SegmentationModel,
	}
	for name, dst := range str {
		if cmd.IsSet(name) {
			*dst = cmd.String(name)
		}
	}
	if cmd.IsSet("fps") {
		cfg.FPS = int(cmd.Int("fps"))
	}
	if cmd.IsSet("video-bitrate") {
		cfg.VideoBitrate = int(cmd.Int("video-bitrate"))
	}
	if cmd.IsSet("blur") {
		cfg.Blur = cmd.Float("blur")
	}
	if cmd.IsSet("segmentation-stride") {
		cfg.SegmentationStride = int(cmd.Int("segmentation-stride"))
	}
	if cmd.IsSet("simulcast") {
		cfg.Simulcast = cmd.Bool("simulcast")
	}
	if cmd.IsSet("start-muted") {
		cfg.StartMuted = cmd.Bool("start-muted")
	}
	for name, dst := range map[string]*time.Duration{"duration": &cfg.Duration, "token-ttl": &cfg.TokenTTL, "stats-interval": &cfg.StatsInterval} {
		if cmd.IsSet(name) {
			*dst = cmd.Duration(name)
		}
	}
	if cmd.IsSet("allow-commands-from") {
		cfg.AllowCommandsFrom = cmd.StringSlice("allow-commands-from")
	}
	for _, kv := range cmd.StringSlice("attribute") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return cfg, fmt.Errorf("attribute: %q is not k=v", kv)
		}
		if cfg.Attributes == nil {
			cfg.Attributes = map[string]string{}
		}
		cfg.Attributes[k] = v
	}
	if _, err := logging.ParseLevel(cfg.LogLevel); err != nil {
		return cfg, fmt.Errorf("log_level: %w", err)
	}
	return cfg, cfg.Validate()
}

func runJoin(ctx context.Context, cmd *cli.Command, cfg bot.Config) (err error) {
	secrets := []string{cfg.APISecret, cfg.Token, cfg.HTTPToken}
	logOut := logging.NewRedactor(cmd.Root().ErrWriter, secrets...)
	// Secrets from the config file, and the token lkbot mints, are not on
	// the command line, where run() scrubs them: scrub errors here too.
	defer func() { err = scrubbed(err, logOut) }()
	log, err := logging.New(logging.Options{Level: cfg.LogLevel, Format: cfg.LogFormat, Redactor: logOut})
	if err != nil {
		return usageError{err}
	}
	defer log.Sync()
	logging.InstallSDKLogger(log)
	stream := event.NewStream()
	b, err := bot.New(bot.Params{Config: cfg, Logger: log, Events: stream})
	if err != nil {
		return usageError{err}
	}
	secrets = append(secrets, b.Secrets()...)
	logOut.Add(b.Secrets()...)
	stopEvents, err := writeEvents(cfg.Events, cmd.Root().Writer, stream, secrets)
	if err != nil {
		b.Close()
		return usageError{err}
	}
	defer stopEvents()
	allow, err := command.ParseAllowList(cfg.AllowCommandsFrom)
	if err != nil {
		return usageError{err}
	}
	doors, err := command.Attach(b, command.Options{Allow: allow, Log: log})
	if err != nil {
		return err
	}
	defer doors.Close()
	var runner *script.Runner
	var scenario *script.Script
	if cfg.Script != "" {
		if scenario, err = script.Load(cfg.Script); err != nil {
			return usageError{err}
		}
		runner = script.NewRunner(doors.Dispatcher, stream)
		defer runner.Close()
	}
	// The HTTP door opens before joining: a taken port fails before the bot
	// sends anything, and /healthz answers 503 until the bot is connected.
	if err := doors.OpenHTTP(b, command.HTTPOptions{Addr: cfg.HTTP, Token: cfg.HTTPToken}); err != nil {
		b.Close()
		return err
	}
	if err := b.Connect(ctx); err != nil {
		b.Close()
		return err
	}
	if addr := doors.HTTPAddr(); addr != "" {
		log.Info("HTTP command API listening", zap.String("addr", addr))
	}
	if runner != nil {
		if err := runner.RunInRoom(ctx, b, scenario, cfg.Duration); err != nil {
			return fmt.Errorf("script failed: %w", err)
		}
		return nil
	}
	log.Info("bot running; press Ctrl-C to leave", zap.String("identity", b.Identity()), zap.Duration("duration", cfg.Duration))
	return b.Run(ctx)
}

// writeEvents starts writing the stream as JSON lines to path ("-" is
// stdout), with secrets redacted. The returned function waits until every
// event is written; call it after the stream is closed.
func writeEvents(path string, stdout io.Writer, stream *event.Stream, secrets []string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	w := stdout
	var closer io.Closer
	if path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		w, closer = f, f
	}
	sub := stream.Subscribe(4096)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = event.WriteJSONLines(logging.NewRedactor(w, secrets...), sub)
	}()
	return func() {
		stream.Close()
		wg.Wait()
		if closer != nil {
			_ = closer.Close()
		}
	}, nil
}

// scrubbed returns err with every secret r knows replaced, keeping its
// chain so that errors.As still finds a usageError.
func scrubbed(err error, r *logging.Redactor) error {
	if err == nil {
		return nil
	}
	return scrubbedError{err: err, msg: r.String(err.Error())}
}

type scrubbedError struct {
	err error
	msg string
}

func (e scrubbedError) Error() string { return e.msg }
func (e scrubbedError) Unwrap() error { return e.err }
