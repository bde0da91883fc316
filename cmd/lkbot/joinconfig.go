package main

import (
	"fmt"
	"net"
	"os"
	"slices"

	"github.com/urfave/cli/v3"
	"go.uber.org/zap/zapcore"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/command"
	"github.com/lkbot/lkbot/internal/logging"
	"github.com/lkbot/lkbot/internal/settings"
	"github.com/lkbot/lkbot/record"
)

// cliConfig holds the join settings only the CLI uses: the command doors,
// the script, the events file and logging. The bot never sees them.
type cliConfig struct {
	AllowCommandsFrom []string
	HTTP              string
	HTTPToken         string
	Script            string
	Events            string
	EventsOverwrite   bool
	LogLevel          string
	LogFormat         string
}

// cliSettings describes every field of cliConfig once, as bot.Settings
// does for the bot's own.
func cliSettings() settings.Table[cliConfig] {
	type C = cliConfig
	return settings.Table[cliConfig]{
		{Key: "allow_commands_from", Arg: "ID", Usage: "identities that may command the bot over RPC and data, ID[,ID]; * for anyone; server for data without a sender identity (the server API, and hidden participants such as lkbot call)",
			Field: func(c *C) any { return &c.AllowCommandsFrom },
			Check: func(c *C) error { _, err := command.ParseAllowList(c.AllowCommandsFrom); return err }},
		{Key: "http", Arg: "ADDR", Usage: "serve the local HTTP command API on ADDR (loopback unless --http-token)",
			Field: func(c *C) any { return &c.HTTP }, Check: checkHTTP},
		{Key: "http_token", Env: "LKBOT_HTTP_TOKEN", Usage: "require this bearer token on the HTTP API", Secret: true,
			Field: func(c *C) any { return &c.HTTPToken }},
		{Key: "script", Arg: "FILE", Usage: "run the scenario in FILE.yaml, then leave; exit 0 only if every step held",
			Field: func(c *C) any { return &c.Script }},
		{Key: "events", Arg: "PATH", Usage: "append events as JSON lines to PATH, or write them to stdout with -",
			Field: func(c *C) any { return &c.Events }},
		{Key: "events_overwrite", Usage: "with --events PATH, truncate an existing file instead of appending to it",
			Field: func(c *C) any { return &c.EventsOverwrite }},
		{Key: "log_level", Usage: "debug, info, warn or error", Default: "info",
			Field: func(c *C) any { return &c.LogLevel }, Check: checkLogLevel},
		{Key: "log_format", Usage: "console or json", Default: logging.FormatConsole,
			Field: func(c *C) any { return &c.LogFormat }, Check: checkLogFormat},
	}
}

func checkHTTP(c *cliConfig) error {
	if c.HTTP == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(c.HTTP)
	if err != nil {
		return fmt.Errorf("%q is not host:port, as in 127.0.0.1:8080", c.HTTP)
	}
	if ip := net.ParseIP(host); c.HTTPToken == "" && host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("%s is not a loopback address; bind 127.0.0.1 or set --http-token", c.HTTP)
	}
	return nil
}

func checkLogLevel(c *cliConfig) error {
	if _, err := zapcore.ParseLevel(c.LogLevel); err != nil {
		return fmt.Errorf("unknown log level %q (want debug, info, warn or error)", c.LogLevel)
	}
	return nil
}

func checkLogFormat(c *cliConfig) error {
	if !slices.Contains([]string{logging.FormatConsole, logging.FormatJSON}, c.LogFormat) {
		return fmt.Errorf("unknown log format %q (want %s or %s)", c.LogFormat, logging.FormatConsole, logging.FormatJSON)
	}
	return nil
}

// joinSettings is what lkbot join runs with: the bot's config and the CLI's.
type joinSettings struct {
	Bot    bot.Config
	CLI    cliConfig
	Record record.Config
}

// fields binds the tables to s: the bot's settings first, then the CLI's,
// then recording's.
func (s *joinSettings) fields() [][]settings.Field {
	return [][]settings.Field{bot.Settings().Fields(&s.Bot), cliSettings().Fields(&s.CLI), record.Settings().Fields(&s.Record)}
}

// decode reads a YAML config file's data over s; name is used in errors.
// Unknown keys, keys given twice and values of the wrong type are errors
// that name the key and the line.
func (s *joinSettings) decode(name string, data []byte) error {
	if err := settings.DecodeYAML(data, s.fields()...); err != nil {
		return fmt.Errorf("config %s: %w", name, err)
	}
	return nil
}

// decodeFile reads the YAML config at path over s; "" reads nothing.
func (s *joinSettings) decodeFile(path string) error {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config %s: %w", path, pathProblem(err))
	}
	return s.decode(path, data)
}

// defaultJoinSettings are the defaults of both tables.
func defaultJoinSettings() *joinSettings {
	s := &joinSettings{}
	bot.Settings().Defaults(&s.Bot)
	cliSettings().Defaults(&s.CLI)
	record.Settings().Defaults(&s.Record)
	return s
}

// configFlag names the YAML file; it is the one join flag with no key.
const configFlag = "config"

// joinFlags are lkbot join's flags: --config, then one per setting.
func joinFlags() []cli.Flag {
	flags := []cli.Flag{&cli.StringFlag{Name: configFlag, Usage: "YAML config `FILE`; flags override it"}}
	return append(flags, flagsFor(defaultJoinSettings().fields()...)...)
}

// loadJoinSettings builds the settings: defaults, then the file, then the
// flags and environment variables that were set; then checks them.
func loadJoinSettings(cmd *cli.Command) (*joinSettings, error) {
	s := defaultJoinSettings()
	if err := s.decodeFile(cmd.String(configFlag)); err != nil {
		return nil, err
	}
	applyFlags(cmd, s.fields()...)
	return s, s.validate()
}

// validate checks every table.
func (s *joinSettings) validate() error {
	if err := s.Bot.Validate(); err != nil {
		return err
	}
	if err := cliSettings().Validate(&s.CLI); err != nil {
		return err
	}
	return record.Settings().Validate(&s.Record)
}
