package main

import (
	"context"
	"errors"

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
		c, err := admin.NewClient(admin.Server{
			URL:       cmd.String("url"),
			APIKey:    cmd.String("api-key"),
			APISecret: cmd.String("api-secret"),
			Timeout:   cmd.Duration("timeout"),
		})
		if err != nil {
			return commandError(err)
		}
		res, err := op(ctx, c, cmd)
		if err != nil {
			return commandError(err)
		}
		return printResult(cmd, res)
	}
}

func printResult(cmd *cli.Command, res admin.TextWriter) error {
	return admin.Write(cmd.Root().Writer, res, cmd.Bool("json"))
}

// commandError marks bad params as usage errors (exit 2); run() names the
// command.
func commandError(err error) error {
	var ie *admin.InvalidError
	if errors.As(err, &ie) {
		return usageError{err}
	}
	return err
}

// optionalBool is a bool flag's value if it was given, else nil.
func optionalBool(cmd *cli.Command, name string) *bool {
	if !cmd.IsSet(name) {
		return nil
	}
	v := cmd.Bool(name)
	return &v
}
