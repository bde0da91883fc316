package main

import (
	"context"
	"fmt"

	"github.com/urfave/cli/v3"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/record"
)

// outFlag is lkbot record's directory: the record setting under the name
// the command's purpose gives it.
const outFlag = "out"

// recordCommand joins as a hidden participant that publishes nothing and
// records what it receives: join with --record, no camera, no
// microphone and a hidden token.
func recordCommand() *cli.Command {
	return &cli.Command{
		Name:  "record",
		Usage: "join a room as a hidden participant and record the tracks it receives into --out DIR",
		Flags: recordFlags(),
		Action: func(ctx context.Context, cmd *cli.Command) error {
			if cmd.Args().Present() {
				return usageError{fmt.Errorf("record takes no arguments, got %q", cmd.Args().First())}
			}
			s, err := loadRecordSettings(cmd)
			if err != nil {
				return usageError{err}
			}
			return runJoin(ctx, cmd, s)
		},
	}
}

// Settings lkbot record takes from join's tables.
var (
	recordBotKeys = []string{"url", "api_key", "api_secret", "token", "token_ttl", "room", "identity", "name", "connect_timeout", "duration", "stats_interval"}
	recordCLIKeys = []string{"events", "events_overwrite", "log_level", "log_format"}
)

func recordFlags() []cli.Flag {
	s := defaultJoinSettings()
	flags := []cli.Flag{
		&cli.StringFlag{Name: outFlag, Usage: "record into `DIR` (created if missing), with manifest.json; overrides the config's record key"},
		&cli.StringFlag{Name: configFlag, Usage: "YAML config `FILE`, with join's keys; flags override it"},
	}
	flags = append(flags, settingFlags(bot.Settings().Fields(&s.Bot), recordBotKeys...)...)
	flags = append(flags, settingFlags(cliSettings().Fields(&s.CLI), recordCLIKeys...)...)
	var filters []string
	for _, f := range record.Settings().Fields(&s.Record) {
		if f.Key != "record" {
			filters = append(filters, f.Key)
		}
	}
	return append(flags, settingFlags(record.Settings().Fields(&s.Record), filters...)...)
}

// loadRecordSettings builds join's settings for a recorder: no camera, no
// microphone, a hidden token, and --out as the recording directory.
func loadRecordSettings(cmd *cli.Command) (*joinSettings, error) {
	s := defaultJoinSettings()
	s.Bot.Camera, s.Bot.Mic = "none", "none"
	if err := s.decodeFile(cmd.String(configFlag)); err != nil {
		return nil, err
	}
	applyFlags(cmd, s.fields()...)
	s.Bot.Hidden = true
	if out := cmd.String(outFlag); out != "" {
		s.Record.Dir = out
	}
	if s.Record.Dir == "" {
		return nil, fmt.Errorf("--%s: missing (the directory to record into)", outFlag)
	}
	return s, s.validate()
}

// startRecorder makes the recorder join's --record asks for, or nil.
func startRecorder(s *joinSettings, log *zap.Logger, stream *event.Stream) (*record.Recorder, error) {
	if s.Record.Dir == "" {
		return nil, nil
	}
	return record.New(record.Params{Config: s.Record, Room: s.Bot.Room, Identity: s.Bot.Identity, Events: stream, Logger: log})
}

// sinkOf is the recorder as the bot's sink; a nil recorder is no sink.
func sinkOf(rec *record.Recorder) bot.TrackSink {
	if rec == nil {
		return nil
	}
	return rec
}
