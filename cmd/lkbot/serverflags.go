package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/internal/admin"
)

// serverFlags are the flags of every command that calls the server's API,
// followed by the command's own.
func serverFlags(own ...cli.Flag) []cli.Flag {
	return append(append(connectionFlags("url", "api_key", "api_secret"),
		&cli.DurationFlag{Name: "timeout", Usage: "give up on a request after this long", Value: admin.DefaultTimeout},
		jsonFlag(),
	), own...)
}

func jsonFlag() cli.Flag {
	return &cli.BoolFlag{Name: "json", Usage: "print the result as JSON"}
}

// adminAction builds a client from the server flags, runs op and prints
// its result. Params op cannot accept are usage errors (exit 2).
func adminAction[T admin.TextWriter](op func(context.Context, *admin.Client, *cli.Command) (T, error)) cli.ActionFunc {
	return func(ctx context.Context, cmd *cli.Command) error {
		if err := noArgs(cmd); err != nil {
			return err
		}
		c, err := admin.NewClient(admin.Server{
			URL:       cmd.String("url"),
			APIKey:    cmd.String("api-key"),
			APISecret: cmd.String("api-secret"),
			Timeout:   cmd.Duration("timeout"),
		})
		if err != nil {
			return commandError(cmd, err)
		}
		res, err := op(ctx, c, cmd)
		if err != nil {
			return commandError(cmd, err)
		}
		return printResult(cmd, res)
	}
}

func printResult(cmd *cli.Command, res admin.TextWriter) error {
	return admin.Write(cmd.Root().Writer, res, cmd.Bool("json"))
}

// commandError prefixes err with the command's name ("room create: ...")
// and marks bad params as usage errors.
func commandError(cmd *cli.Command, err error) error {
	name := strings.Join(cmd.Path()[1:], " ")
	var ie *admin.InvalidError
	if errors.As(err, &ie) {
		return usageError{fmt.Errorf("%s: %w", name, err)}
	}
	return fmt.Errorf("%s: %w", name, err)
}

// noArgs refuses positional arguments: every value is a flag.
func noArgs(cmd *cli.Command) error {
	if cmd.Args().Present() {
		return commandError(cmd, &admin.InvalidError{Problem: fmt.Sprintf("unexpected argument %q (values are given as flags, e.g. --room NAME)", cmd.Args().First())})
	}
	return nil
}

// optionalBool is a bool flag's value if it was given, else nil.
func optionalBool(cmd *cli.Command, name string) *bool {
	if !cmd.IsSet(name) {
		return nil
	}
	v := cmd.Bool(name)
	return &v
}
