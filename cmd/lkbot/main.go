// Command lkbot is a headless LiveKit participant.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/internal/logging"
)

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run executes the CLI and returns the process exit code. Errors are
// printed as one line, with secrets redacted.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := newApp(stdout, stderr)
	err := app.Run(ctx, args)
	if err == nil {
		return exitOK
	}
	code := exitCode(err)
	msg := strings.ReplaceAll(err.Error(), "\n", "; ")
	fmt.Fprintf(stderr, "lkbot: %s\n", logging.NewRedactor(nil, secretsFrom(args)...).String(msg))
	return code
}

func newApp(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:           "lkbot",
		Usage:          "a headless LiveKit participant",
		Writer:         stdout,
		ErrWriter:      stderr,
		Commands:       withUsageErrors(joinCommand(), callCommand(), blurCommand(), roomCommand(), egressCommand(), ingressCommand(), tokenCommand(), webhookCommand()),
		OnUsageError:   onUsageError,
		ExitErrHandler: func(context.Context, *cli.Command, error) {},
	}
}

// withUsageErrors makes every command report a bad flag as a usage error
// (exit 2, one line) instead of printing its help.
func withUsageErrors(cmds ...*cli.Command) []*cli.Command {
	for _, c := range cmds {
		c.OnUsageError = onUsageError
		withUsageErrors(c.Commands...)
	}
	return cmds
}

func onUsageError(_ context.Context, cmd *cli.Command, err error, _ bool) error {
	return usageError{fmt.Errorf("%w (see %s --help)", err, cmd.FullName())}
}

// secretsFrom collects the secrets given on the command line or in the
// environment, so that no error message can echo them: the value of every
// flag, and every environment variable, that a settings table marks secret.
func secretsFrom(args []string) []string {
	var out []string
	for _, fs := range defaultJoinSettings().fields() {
		for _, f := range fs {
			if !f.Secret {
				continue
			}
			if f.Env != "" && os.Getenv(f.Env) != "" {
				out = append(out, os.Getenv(f.Env))
			}
			out = append(out, flagValues(args, f.Flag)...)
		}
	}
	return out
}

// flagValues finds the values given to a flag in args, in any of the forms
// urfave/cli accepts: --flag v, --flag=v, -flag v, -flag=v.
func flagValues(args []string, flag string) []string {
	var out []string
	for i, a := range args {
		for _, f := range []string{"--" + flag, "-" + flag} {
			if v, ok := strings.CutPrefix(a, f+"="); ok && v != "" {
				out = append(out, v)
			}
			if a == f && i+1 < len(args) && args[i+1] != "" {
				out = append(out, args[i+1])
			}
		}
	}
	return out
}
