package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/livekit/protocol/auth"
	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/internal/admin"
	"github.com/lkbot/lkbot/internal/webhooks"
)

func webhookCommand() *cli.Command {
	return &cli.Command{
		Name:     "webhook",
		Usage:    "receive LiveKit webhooks",
		Commands: []*cli.Command{webhookListenCommand()},
	}
}

func webhookListenCommand() *cli.Command {
	return &cli.Command{
		Name:  "listen",
		Usage: "verify LiveKit's webhooks and print each event as a JSON line, until SIGINT or SIGTERM",
		Flags: append(connectionFlags("api_key", "api_secret"),
			&cli.StringFlag{Name: "addr", Usage: "listen on `HOST:PORT`", Value: "127.0.0.1:8089"},
			&cli.BoolFlag{Name: "allow-remote", Usage: "allow an address other machines can reach (e.g. 0.0.0.0:8089)"},
		),
		Action: func(ctx context.Context, cmd *cli.Command) error {
			key, secret := cmd.String("api-key"), cmd.String("api-secret")
			if key == "" || secret == "" {
				return commandError(&admin.InvalidError{Problem: "give --api-key and --api-secret (or LIVEKIT_API_KEY and LIVEKIT_API_SECRET) to verify signatures"})
			}
			ln, err := webhooks.Listen(cmd.String("addr"), cmd.Bool("allow-remote"))
			if err != nil {
				if errors.Is(err, webhooks.ErrNotLoopback) {
					return usageError{fmt.Errorf("%w; add --allow-remote to bind it", err)}
				}
				if errors.Is(err, webhooks.ErrBadAddress) {
					return usageError{err}
				}
				return commandError(err)
			}
			stderr := cmd.Root().ErrWriter
			h := webhooks.NewHandler(webhooks.HandlerParams{
				Keys: auth.NewSimpleKeyProvider(key, secret),
				Emit: webhooks.JSONLines(cmd.Root().Writer),
				OnReject: func(r webhooks.Rejection) {
					fmt.Fprintf(stderr, "webhook refused: %d %s (from %s)\n", r.Status, r.Reason, r.Remote)
				},
			})
			fmt.Fprintf(stderr, "listening for LiveKit webhooks on http://%s/\n", ln.Addr())
			if err := webhooks.Serve(ctx, ln, h); err != nil {
				return commandError(err)
			}
			return nil
		},
	}
}
