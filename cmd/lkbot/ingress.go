package main

import (
	"context"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/internal/admin"
)

func ingressCommand() *cli.Command {
	return &cli.Command{
		Name:     "ingress",
		Usage:    "create, list and delete ingress endpoints (needs ingress workers)",
		Commands: []*cli.Command{ingressCreateCommand(), ingressListCommand(), ingressDeleteCommand()},
	}
}

func ingressCreateCommand() *cli.Command {
	return &cli.Command{
		Name:  "create",
		Usage: "create an ingress; prints the URL and stream key to publish to",
		Flags: serverFlags(roomFlag(),
			&cli.StringFlag{Name: "input", Usage: "input `TYPE`: rtmp, whip or url", Value: "rtmp"},
			&cli.StringFlag{Name: "identity", Usage: "identity the ingress joins as"},
			&cli.StringFlag{Name: "name", Usage: "ingress name"},
			&cli.StringFlag{Name: "participant-name", Usage: "display name the ingress joins with"},
			&cli.StringFlag{Name: "source-url", Usage: "media `URL` to pull (url input only): http(s):// or srt://"},
			&cli.BoolFlag{Name: "transcoding", Usage: "transcode (default: on for rtmp and url, off for whip)"},
		),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.Ingress, error) {
			in, err := admin.ParseIngressInput(cmd.String("input"))
			if err != nil {
				return admin.Ingress{}, err
			}
			return c.CreateIngress(ctx, admin.CreateIngressParams{
				Input: in, Name: cmd.String("name"), Room: cmd.String("room"),
				Identity: cmd.String("identity"), ParticipantName: cmd.String("participant-name"),
				SourceURL: cmd.String("source-url"), Transcoding: optionalBool(cmd, "transcoding"),
			})
		}),
	}
}

func ingressListCommand() *cli.Command {
	return &cli.Command{
		Name:  "list",
		Usage: "list ingresses",
		Flags: serverFlags(
			&cli.StringFlag{Name: "room", Usage: "only this room's"},
			&cli.StringFlag{Name: "id", Usage: "only this ingress `ID`"},
		),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.Ingresses, error) {
			return c.ListIngress(ctx, cmd.String("room"), cmd.String("id"))
		}),
	}
}

func ingressDeleteCommand() *cli.Command {
	return &cli.Command{
		Name:  "delete",
		Usage: "delete an ingress",
		Flags: serverFlags(&cli.StringFlag{Name: "id", Usage: "ingress `ID`"}),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.Ingress, error) {
			return c.DeleteIngress(ctx, cmd.String("id"))
		}),
	}
}
