package main

import (
	"context"
	"errors"
	"fmt"

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
// bot's last event, disconnected, is written.
func runJoin(ctx context.Context, cmd *cli.Command, s *joinSettings) (err error) {
	cfg, opts := s.Bot, s.CLI
	defer catchSIGPIPE()()
	// A failed events output ends the run as a signal would.
	ctx, stopRun := context.WithCancelCause(ctx)
	defer stopRun(nil)
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
	rec, err := startRecorder(s, log, stream)
	if err != nil {
		return usageError{err}
	}
	b, err := bot.New(bot.Params{Config: cfg, Logger: log, Events: stream, Sink: sinkOf(rec), OnToken: func(token string) { logOut.Add(token) }})
	if err != nil {
		return usageError{err}
	}
	stopEvents := func() {}
	defer func() {
		b.Close()
		if rec != nil {
			if err := rec.Close(); err != nil {
				log.Warn("could not write the recording's final manifest", zap.Error(err))
			}
		}
		stopEvents()
	}()
	secrets = append(secrets, b.Secrets()...)
	logOut.Add(b.Secrets()...)
	if stopEvents, err = writeEvents(opts.Events, opts.EventsOverwrite, cmd.Root().Writer, stream, secrets, func(err error) { stopRun(err) }); err != nil {
		stopEvents = func() {}
		return usageError{err}
	}
	allow, err := command.ParseAllowList(opts.AllowCommandsFrom)
	if err != nil {
		return usageError{err}
	}
	if len(opts.AllowCommandsFrom) > 0 && !b.CanPublishData() {
		// The server drops every packet of a participant without
		// canPublishData, answers included: commands could never be answered.
		return usageError{fmt.Errorf("allow_commands_from: %w: it does not grant canPublishData, so the bot could not answer commands", bot.ErrBadToken)}
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
		return joinEnd(ctx, log, b, err)
	}
	defer supervised(ctx, log, b)()
	if addr := doors.HTTPAddr(); addr != "" {
		log.Info("HTTP command API listening", zap.String("addr", addr))
	}
	if runner != nil {
		err := runner.RunInRoom(ctx, b, scenario, cfg.Duration)
		if err != nil {
			err = fmt.Errorf("script failed: %w", err)
		}
		return joinEnd(ctx, log, b, err)
	}
	log.Info("bot running; press Ctrl-C to leave", zap.String("identity", b.Identity()), zap.Duration("duration", cfg.Duration))
	return joinEnd(ctx, log, b, b.Run(ctx))
}

// joinEnd is what a run that ended with err returns, most telling first:
// why the server or the network ended the session (its own exit code);
// then a failed events output, which ended the run, except that a reader
// who went away (`--events - | head -1`) ends it as planned; then err.
func joinEnd(ctx context.Context, log *zap.Logger, b *bot.Bot, err error) error {
	var ended *bot.SessionEndError
	if closeErr := b.Close(); errors.As(closeErr, &ended) {
		return closeErr
	}
	if failed := eventsFailure(ctx); failed != nil {
		if failed.readerGone() {
			log.Info("the events reader went away; left the room")
			return nil
		}
		return failed
	}
	return err
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
