package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/urfave/cli/v3"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/command"
	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/bot/script"
	"github.com/lkbot/lkbot/internal/logging"
	"github.com/lkbot/lkbot/internal/settings"
)

func joinCommand() *cli.Command {
	return &cli.Command{
		Name:  "join",
		Usage: "join a room, publish camera and microphone, and stay until told to leave",
		Flags: joinFlags(),
		Action: func(ctx context.Context, cmd *cli.Command) error {
			s, err := loadJoinSettings(cmd)
			if err != nil {
				return usageError{err}
			}
			return runJoin(ctx, cmd, s)
		},
	}
}

// runJoin runs one bot until it leaves. Whatever it creates it closes, on
// every path: the doors, then the bot, then the events file, so that the
// bot's last events are written.
func runJoin(ctx context.Context, cmd *cli.Command, s *joinSettings) (err error) {
	cfg, opts := s.Bot, s.CLI
	secrets := settings.Secrets(s.fields()...)
	logOut := logging.NewRedactor(cmd.Root().ErrWriter, secrets...)
	// Secrets from the config file, and the token lkbot mints, are not on
	// the command line, where run() scrubs them: scrub errors here too.
	defer func() { err = scrubbed(err, logOut) }()
	log, err := logging.New(logging.Options{Level: opts.LogLevel, Format: opts.LogFormat, Redactor: logOut})
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
	stopEvents := func() {}
	defer func() {
		b.Close()
		stopEvents()
	}()
	secrets = append(secrets, b.Secrets()...)
	logOut.Add(b.Secrets()...)
	if stopEvents, err = writeEvents(opts.Events, cmd.Root().Writer, stream, secrets); err != nil {
		stopEvents = func() {}
		return usageError{err}
	}
	allow, err := command.ParseAllowList(opts.AllowCommandsFrom)
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
	if opts.Script != "" {
		if scenario, err = script.Load(opts.Script); err != nil {
			return usageError{err}
		}
		runner = script.NewRunner(doors.Dispatcher, stream)
		defer runner.Close()
	}
	// The HTTP door opens before joining: a taken port fails before the bot
	// sends anything, and /healthz answers 503 until the bot is connected.
	if err := doors.OpenHTTP(b, command.HTTPOptions{Addr: opts.HTTP, Token: opts.HTTPToken}); err != nil {
		return err
	}
	if err := b.Connect(ctx); err != nil {
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
