package main

import (
	"context"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/internal/admin"
)

func roomCommand() *cli.Command {
	return &cli.Command{
		Name:  "room",
		Usage: "manage rooms and participants through the server API",
		Commands: []*cli.Command{
			roomCreateCommand(), roomListCommand(), roomDeleteCommand(),
			roomParticipantsCommand(), roomRemoveCommand(), roomMuteTrackCommand(),
			roomUpdateMetadataCommand(), roomUpdateParticipantCommand(), roomSendDataCommand(),
		},
	}
}

func roomFlag() cli.Flag { return &cli.StringFlag{Name: "room", Usage: "room `NAME`"} }

func identityFlag() cli.Flag {
	return &cli.StringFlag{Name: "identity", Usage: "participant `IDENTITY`"}
}

func roomCreateCommand() *cli.Command {
	return &cli.Command{
		Name:  "create",
		Usage: "create a room (or return the existing one)",
		Flags: serverFlags(roomFlag(),
			&cli.DurationFlag{Name: "empty-timeout", Usage: "close the room if no one joins within this (0 = server default)"},
			&cli.DurationFlag{Name: "departure-timeout", Usage: "close the room this long after the last participant leaves (0 = server default)"},
			&cli.Uint32Flag{Name: "max-participants", Usage: "participant limit (0 = none)"},
			&cli.StringFlag{Name: "metadata", Usage: "room metadata"},
		),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.Room, error) {
			return c.CreateRoom(ctx, admin.CreateRoomParams{
				Name:             cmd.String("room"),
				EmptyTimeout:     cmd.Duration("empty-timeout"),
				DepartureTimeout: cmd.Duration("departure-timeout"),
				MaxParticipants:  cmd.Uint32("max-participants"),
				Metadata:         cmd.String("metadata"),
			})
		}),
	}
}

func roomListCommand() *cli.Command {
	return &cli.Command{
		Name:  "list",
		Usage: "list active rooms",
		Flags: serverFlags(&cli.StringSliceFlag{Name: "room", Usage: "only this room `NAME` (repeatable)"}),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.Rooms, error) {
			return c.ListRooms(ctx, cmd.StringSlice("room"))
		}),
	}
}

func roomDeleteCommand() *cli.Command {
	return &cli.Command{
		Name:  "delete",
		Usage: "close a room, disconnecting everyone in it",
		Flags: serverFlags(roomFlag()),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.RoomDeleted, error) {
			return c.DeleteRoom(ctx, cmd.String("room"))
		}),
	}
}

func roomParticipantsCommand() *cli.Command {
	return &cli.Command{
		Name:  "participants",
		Usage: "list the participants of a room, with their tracks",
		Flags: serverFlags(roomFlag()),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.Participants, error) {
			return c.ListParticipants(ctx, cmd.String("room"))
		}),
	}
}

func roomRemoveCommand() *cli.Command {
	return &cli.Command{
		Name:  "remove",
		Usage: "remove a participant from a room",
		Flags: serverFlags(roomFlag(), identityFlag()),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.ParticipantRemoved, error) {
			return c.RemoveParticipant(ctx, cmd.String("room"), cmd.String("identity"))
		}),
	}
}

func roomMuteTrackCommand() *cli.Command {
	return &cli.Command{
		Name:  "mute-track",
		Usage: "mute (or unmute) a participant's track, named by SID or by source",
		Flags: serverFlags(roomFlag(), identityFlag(),
			&cli.StringFlag{Name: "track", Usage: "track `SID`"},
			&cli.StringFlag{Name: "source", Usage: "the track of this `SOURCE`: camera, microphone, screen_share, screen_share_audio"},
			&cli.BoolFlag{Name: "muted", Usage: "mute; --muted=false unmutes (if the server allows remote unmute)", Value: true},
		),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.TrackMuted, error) {
			p := admin.MuteTrackParams{Room: cmd.String("room"), Identity: cmd.String("identity"), TrackSID: cmd.String("track"), Muted: cmd.Bool("muted")}
			if cmd.IsSet("source") {
				src, err := admin.ParseSource(cmd.String("source"))
				if err != nil {
					return admin.TrackMuted{}, err
				}
				p.Source = src
			}
			return c.MuteTrack(ctx, p)
		}),
	}
}

func roomUpdateMetadataCommand() *cli.Command {
	return &cli.Command{
		Name:  "update-metadata",
		Usage: "replace a room's metadata",
		Flags: serverFlags(roomFlag(), &cli.StringFlag{Name: "metadata", Usage: "new room metadata (empty clears it)"}),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.Room, error) {
			if !cmd.IsSet("metadata") {
				return admin.Room{}, &admin.InvalidError{Field: "metadata", Problem: "is required (--metadata \"\" clears it)"}
			}
			return c.UpdateRoomMetadata(ctx, cmd.String("room"), cmd.String("metadata"))
		}),
	}
}

func roomUpdateParticipantCommand() *cli.Command {
	return &cli.Command{
		Name:  "update-participant",
		Usage: "change a participant's metadata, name, attributes or permissions",
		Flags: serverFlags(roomFlag(), identityFlag(),
			&cli.StringFlag{Name: "metadata", Usage: "new participant metadata"},
			&cli.StringFlag{Name: "name", Usage: "new display name"},
			&cli.StringSliceFlag{Name: "attribute", Usage: "set attribute `k=v` (repeatable; k= removes k)"},
			&cli.BoolFlag{Name: "can-publish", Usage: "allow publishing tracks (=false revokes; unset keeps)"},
			&cli.BoolFlag{Name: "can-subscribe", Usage: "allow subscribing (=false revokes)"},
			&cli.BoolFlag{Name: "can-publish-data", Usage: "allow sending data (=false revokes)"},
			&cli.BoolFlag{Name: "can-update-metadata", Usage: "allow updating its own metadata, name and attributes (=false revokes)"},
			&cli.StringSliceFlag{Name: "can-publish-sources", Usage: "limit publishing to these `SOURCES` (comma-separated; any = no limit)"},
		),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.Participant, error) {
			attrs, err := admin.ParseAttributes(cmd.StringSlice("attribute"))
			if err != nil {
				return admin.Participant{}, err
			}
			p := admin.UpdateParticipantParams{
				Room: cmd.String("room"), Identity: cmd.String("identity"),
				Metadata: cmd.String("metadata"), Name: cmd.String("name"), Attributes: attrs,
				Permissions: admin.PermissionChange{
					CanPublish:        optionalBool(cmd, "can-publish"),
					CanSubscribe:      optionalBool(cmd, "can-subscribe"),
					CanPublishData:    optionalBool(cmd, "can-publish-data"),
					CanUpdateMetadata: optionalBool(cmd, "can-update-metadata"),
				},
			}
			if cmd.IsSet("can-publish-sources") {
				if p.Permissions.CanPublishSources, err = admin.ParseSources(cmd.StringSlice("can-publish-sources")); err != nil {
					return admin.Participant{}, err
				}
			}
			return c.UpdateParticipant(ctx, p)
		}),
	}
}

func roomSendDataCommand() *cli.Command {
	return &cli.Command{
		Name:  "send-data",
		Usage: "send a data packet to a room or to some of its participants",
		Flags: serverFlags(roomFlag(),
			&cli.StringFlag{Name: "payload", Usage: "the data to send (text)"},
			&cli.StringFlag{Name: "topic", Usage: "data topic"},
			&cli.BoolFlag{Name: "lossy", Usage: "send lossy (unordered, unacknowledged) instead of reliable"},
			&cli.StringSliceFlag{Name: "destination", Usage: "only to this `IDENTITY` (repeatable; default everyone)"},
		),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.DataSent, error) {
			return c.SendData(ctx, admin.SendDataParams{
				Room:         cmd.String("room"),
				Payload:      []byte(cmd.String("payload")),
				Topic:        cmd.String("topic"),
				Lossy:        cmd.Bool("lossy"),
				Destinations: cmd.StringSlice("destination"),
			})
		}),
	}
}
