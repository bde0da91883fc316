package main

import (
	"context"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/internal/admin"
)

func tokenCommand() *cli.Command {
	return &cli.Command{
		Name:  "token",
		Usage: "mint an access token with the grants given as flags",
		Flags: append(connectionFlags("api_key", "api_secret"),
			&cli.StringFlag{Name: "room", Usage: "room `NAME` to join (or administer)"},
			&cli.StringFlag{Name: "identity", Usage: "participant identity"},
			&cli.StringFlag{Name: "name", Usage: "display name"},
			&cli.StringFlag{Name: "metadata", Usage: "participant metadata"},
			&cli.StringSliceFlag{Name: "attribute", Usage: "participant attribute `k=v` (repeatable)"},
			&cli.BoolFlag{Name: "join", Usage: "grant roomJoin for --room (--join=false for an admin-only token)", Value: true},
			&cli.BoolFlag{Name: "can-publish", Usage: "grant canPublish", Value: true},
			&cli.BoolFlag{Name: "can-subscribe", Usage: "grant canSubscribe", Value: true},
			&cli.BoolFlag{Name: "can-publish-data", Usage: "grant canPublishData", Value: true},
			&cli.BoolFlag{Name: "can-update-own-metadata", Usage: "grant canUpdateOwnMetadata"},
			&cli.StringSliceFlag{Name: "can-publish-sources", Usage: "limit publishing to these `SOURCES` (comma-separated)"},
			&cli.BoolFlag{Name: "hidden", Usage: "hide the participant from others"},
			&cli.BoolFlag{Name: "room-admin", Usage: "grant roomAdmin for --room"},
			&cli.BoolFlag{Name: "room-create", Usage: "grant roomCreate (create and delete rooms)"},
			&cli.BoolFlag{Name: "room-list", Usage: "grant roomList"},
			&cli.BoolFlag{Name: "room-record", Usage: "grant roomRecord (egress)"},
			&cli.BoolFlag{Name: "ingress-admin", Usage: "grant ingressAdmin"},
			&cli.DurationFlag{Name: "ttl", Usage: "lifetime (at most 24h)", Value: admin.DefaultTokenTTL},
			jsonFlag(),
		),
		Action: func(_ context.Context, cmd *cli.Command) error {
			p, err := tokenParams(cmd)
			if err != nil {
				return commandError(err)
			}
			tok, err := admin.MintToken(p)
			if err != nil {
				return commandError(err)
			}
			return printResult(cmd, tok)
		},
	}
}

func tokenParams(cmd *cli.Command) (admin.TokenParams, error) {
	attrs, err := admin.ParseAttributes(cmd.StringSlice("attribute"))
	if err != nil {
		return admin.TokenParams{}, err
	}
	sources, err := admin.ParseSources(cmd.StringSlice("can-publish-sources"))
	if err != nil {
		return admin.TokenParams{}, err
	}
	return admin.TokenParams{
		APIKey: cmd.String("api-key"), APISecret: cmd.String("api-secret"),
		Room: cmd.String("room"), Identity: cmd.String("identity"), Name: cmd.String("name"),
		Metadata: cmd.String("metadata"), Attributes: attrs,
		Join:                 cmd.Bool("join") && (cmd.String("room") != "" || cmd.String("identity") != ""),
		CanPublish:           cmd.Bool("can-publish"),
		CanSubscribe:         cmd.Bool("can-subscribe"),
		CanPublishData:       cmd.Bool("can-publish-data"),
		CanUpdateOwnMetadata: cmd.Bool("can-update-own-metadata"),
		CanPublishSources:    sources,
		Hidden:               cmd.Bool("hidden"),
		RoomAdmin:            cmd.Bool("room-admin"),
		RoomCreate:           cmd.Bool("room-create"),
		RoomList:             cmd.Bool("room-list"),
		RoomRecord:           cmd.Bool("room-record"),
		IngressAdmin:         cmd.Bool("ingress-admin"),
		TTL:                  cmd.Duration("ttl"),
	}, nil
}
