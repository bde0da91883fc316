// Command lkbot is a headless LiveKit participant.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/internal/logging"
)

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run executes the CLI and returns the process exit code. An error is
// printed as one line that starts with the command that failed ("lkbot
// room list: ..."), with secrets redacted.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := interruptible(stderr)
	defer stop()
	app := newApp(stdout, stderr)
	err := app.Run(ctx, args)
	if err == nil {
		return exitOK
	}
	err = plainHelpError(err)
	fmt.Fprintln(stderr, logging.NewRedactor(nil, secretsFrom(args)...).String(errorLine(err)))
	return exitCode(err)
}

// versionFlag asks for lkbot's version and what it is built on.
const versionFlag = "version"

func newApp(stdout, stderr io.Writer) *cli.Command {
	app := &cli.Command{
		Name:           "lkbot",
		Usage:          "a headless LiveKit participant",
		Writer:         stdout,
		ErrWriter:      stderr,
		Flags:          []cli.Flag{&cli.BoolFlag{Name: versionFlag, Local: true, Usage: "print lkbot's version and commit, and the lksdk and pion/webrtc versions it is built with"}},
		Commands:       []*cli.Command{joinCommand(), recordCommand(), loadCommand(), callCommand(), devicesCommand(), blurCommand(), roomCommand(), egressCommand(), ingressCommand(), tokenCommand(), webhookCommand()},
		Action:         rootAction,
		ExitErrHandler: func(context.Context, *cli.Command, error) {},
	}
	withUsageErrors(app)
	return app
}

// rootAction runs when no command is named: --version, help, or an
// unknown command.
func rootAction(ctx context.Context, cmd *cli.Command) error {
	if cmd.Bool(versionFlag) {
		_, err := fmt.Fprintln(cmd.Root().Writer, versionLine())
		return err
	}
	if !cmd.Args().Present() {
		return cli.ShowRootCommandHelp(cmd)
	}
	return groupAction(ctx, cmd)
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
