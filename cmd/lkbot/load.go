package main

import (
	"context"
	"fmt"
	"os"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/internal/logging"
	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/metrics"
	"github.com/lkbot/lkbot/load/report"
)

// loadCommand runs many bots in one process across many rooms.
func loadCommand() *cli.Command {
	return &cli.Command{
		Name:  "load",
		Usage: "run many bots across many rooms, and report how they joined",
		Description: "Bots join rooms PREFIX-1..PREFIX-N at --ramp joins per second, stay for\n" +
			"--duration after the last join, then leave. Each bot's token is minted\n" +
			"from the key and secret with only what its role needs.\n" +
			"Example:\n  lkbot load --rooms 10 --publishers 2 --subscribers 20 --ramp 50 --duration 5m --report-json load.json",
		Flags:    loadFlags(),
		Action:   runLoad,
		Commands: []*cli.Command{loadMergeCommand()},
	}
}

// loadFlags are --config, then one flag per setting of load.Settings.
func loadFlags() []cli.Flag {
	c := load.DefaultConfig()
	flags := []cli.Flag{&cli.StringFlag{Name: configFlag, Usage: "YAML config `FILE` with the flags' keys (as in configs/load.yaml); flags override it"}}
	flags = append(flags, flagsFor(load.Settings().Fields(&c))...)
	for _, f := range flags {
		makeLocal(f)
	}
	return flags
}

// makeLocal keeps a flag of load's from being inherited by its
// subcommands: lkbot load merge --rooms 3 is a usage error, not a flag
// silently ignored.
func makeLocal(f cli.Flag) {
	switch f := f.(type) {
	case *cli.StringFlag:
		f.Local = true
	case *cli.BoolFlag:
		f.Local = true
	case *cli.IntFlag:
		f.Local = true
	case *cli.FloatFlag:
		f.Local = true
	case *cli.DurationFlag:
		f.Local = true
	case *cli.StringSliceFlag:
		f.Local = true
	case *cli.StringMapFlag:
		f.Local = true
	}
}

func runLoad(ctx context.Context, cmd *cli.Command) error {
	if cmd.Args().Present() {
		return unknownCommand(cmd, cmd.Args().First())
	}
	cfg, err := loadConfig(cmd)
	if err != nil {
		return usageError{err}
	}
	errOut := cmd.Root().ErrWriter
	progress := newLoadProgress(errOut, isTerminal(errOut))
	defer progress.Close() // for the early returns; Close is idempotent
	// Log lines go through the progress display, which prints them
	// above its bar on a terminal.
	logOut := logging.NewRedactor(progress, cfg.Bot.APISecret)
	log, err := logging.New(logging.Options{Level: cfg.LogLevel, Redactor: logOut})
	if err != nil {
		return usageError{err}
	}
	logging.InstallSDKLogger(log)
	exporter := metrics.New()
	runner, err := load.NewRunner(load.Params{Config: cfg, Logger: log, Redactor: logOut,
		OnSample: func(s load.Sample) {
			progress.Update(s)
			exporter.ObserveSample(s)
		},
		OnLatency: exporter.ObserveLatency,
	})
	if err != nil {
		return usageError{err}
	}
	out := cmd.Root().Writer
	if cfg.Metrics != "" {
		stop, err := serveMetrics(ctx, cfg.Metrics, exporter, out, log)
		if err != nil {
			return usageError{err}
		}
		defer stop()
	}
	fmt.Fprintf(out, "%d bots (shard %s of %d in %d rooms) joining at %g/s\n",
		len(runner.Plan()), cfg.Shard, cfg.TotalBots(), cfg.Rooms, cfg.Ramp)
	res := runner.Run(ctx)
	progress.Close()
	rep := report.Build(res, versionLine())
	if err := report.WriteSummary(out, rep); err != nil {
		return err
	}
	if cfg.ReportJSON != "" {
		if err := report.WriteFile(cfg.ReportJSON, rep); err != nil {
			return err
		}
	}
	if cfg.ReportHTML != "" {
		if err := report.WriteHTML(cfg.ReportHTML, rep); err != nil {
			return err
		}
	}
	if broken := res.CheckThresholds(); broken != nil {
		return broken
	}
	return nil
}

// loadConfig builds the run's config: defaults, then the file, then the
// flags and environment variables that were set, then the shard from
// Kubernetes' environment; then checks it, and that the report can be
// written, before any bot joins.
func loadConfig(cmd *cli.Command) (load.Config, error) {
	cfg := load.DefaultConfig()
	fields := load.Settings().Fields(&cfg)
	if path := cmd.String(configFlag); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("config %s: %w", path, pathProblem(err))
		}
		if err := cfg.DecodeYAML(data); err != nil {
			return cfg, fmt.Errorf("config %s: %w", path, err)
		}
	}
	applyFlags(cmd, fields)
	if err := cfg.ApplyEnvironment(os.Getenv); err != nil {
		return cfg, err
	}
	if cfg.Shard == "" {
		cfg.Shard = load.Whole.String()
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	if err := report.CheckWritable(cfg.ReportJSON); err != nil {
		return cfg, fmt.Errorf("report_json: %w", err)
	}
	if err := report.CheckWritable(cfg.ReportHTML); err != nil {
		return cfg, fmt.Errorf("report_html: %w", err)
	}
	return cfg, nil
}
