// Package logging builds lkbot's zap logger and routes the LiveKit SDK's and
// pion's logs into it, with secrets scrubbed from every line.
package logging

import (
	"fmt"
	"io"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Formats accepted by New.
const (
	FormatConsole = "console"
	FormatJSON    = "json"
)

// Options configure New.
type Options struct {
	// Level is debug, info, warn or error.
	Level string
	// Format is console or json.
	Format string
	// Output receives the log lines; it is wrapped by a Redactor.
	Output io.Writer
	// Secrets are strings that must never appear in a log line.
	Secrets []string
	// Redactor, when set, is the output instead of Output and Secrets, so
	// that the caller can add secrets it learns later.
	Redactor *Redactor
}

// New builds a logger that writes to opts.Output through a Redactor.
func New(opts Options) (*zap.Logger, error) {
	level, err := zapcore.ParseLevel(opts.Level)
	if err != nil {
		return nil, fmt.Errorf("unknown log level %q (want debug, info, warn or error)", opts.Level)
	}
	encCfg := zap.NewProductionEncoderConfig()
	encCfg.TimeKey = "time"
	encCfg.EncodeTime = zapcore.ISO8601TimeEncoder
	// Logs are for people: "duration": "1m30s", not seconds as a float.
	encCfg.EncodeDuration = zapcore.StringDurationEncoder
	var enc zapcore.Encoder
	switch opts.Format {
	case "", FormatConsole:
		encCfg.EncodeLevel = zapcore.CapitalLevelEncoder
		enc = zapcore.NewConsoleEncoder(encCfg)
	case FormatJSON:
		enc = zapcore.NewJSONEncoder(encCfg)
	default:
		return nil, fmt.Errorf("unknown log format %q (want console or json)", opts.Format)
	}
	out := opts.Redactor
	if out == nil {
		out = NewRedactor(opts.Output, opts.Secrets...)
	}
	core := zapcore.NewCore(enc, zapcore.Lock(zapcore.AddSync(out)), level)
	return zap.New(core), nil
}
