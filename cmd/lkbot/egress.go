package main

import (
	"context"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/internal/admin"
)

func egressCommand() *cli.Command {
	return &cli.Command{
		Name:  "egress",
		Usage: "start, list and stop recordings and streams (needs egress workers)",
		Commands: []*cli.Command{
			egressStartRoomCompositeCommand(), egressStartTrackCompositeCommand(), egressStartTrackCommand(),
			egressListCommand(), egressStopCommand(),
		},
	}
}

// outputFlags are where a composite egress writes.
func outputFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "file", Usage: "record to this `PATH` on the egress worker (.mp4, .ogg, .mp3)"},
		&cli.StringSliceFlag{Name: "stream", Usage: "stream to this rtmp://, rtmps:// or srt:// `URL` (repeatable)"},
		&cli.StringFlag{Name: "segments", Usage: "write HLS segments with this file name `PREFIX`"},
	}
}

func egressOutput(cmd *cli.Command) admin.EgressOutput {
	return admin.EgressOutput{File: cmd.String("file"), Streams: cmd.StringSlice("stream"), Segments: cmd.String("segments")}
}

func egressStartRoomCompositeCommand() *cli.Command {
	return &cli.Command{
		Name:  "start-room-composite",
		Usage: "record or stream a whole room, composed into one picture",
		Flags: serverFlags(append([]cli.Flag{roomFlag(),
			&cli.StringFlag{Name: "layout", Usage: "composition `LAYOUT`, e.g. grid, speaker, single-speaker (default: the egress's)"},
			&cli.BoolFlag{Name: "audio-only", Usage: "audio only"},
			&cli.BoolFlag{Name: "video-only", Usage: "video only"},
		}, outputFlags()...)...),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.Egress, error) {
			return c.StartRoomComposite(ctx, admin.RoomCompositeParams{
				Room: cmd.String("room"), Layout: cmd.String("layout"),
				AudioOnly: cmd.Bool("audio-only"), VideoOnly: cmd.Bool("video-only"),
				Output: egressOutput(cmd),
			})
		}),
	}
}

func egressStartTrackCompositeCommand() *cli.Command {
	return &cli.Command{
		Name:  "start-track-composite",
		Usage: "record or stream one audio and one video track together",
		Flags: serverFlags(append([]cli.Flag{roomFlag(),
			&cli.StringFlag{Name: "audio-track", Usage: "audio track `SID`"},
			&cli.StringFlag{Name: "video-track", Usage: "video track `SID`"},
		}, outputFlags()...)...),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.Egress, error) {
			return c.StartTrackComposite(ctx, admin.TrackCompositeParams{
				Room: cmd.String("room"), AudioTrack: cmd.String("audio-track"), VideoTrack: cmd.String("video-track"),
				Output: egressOutput(cmd),
			})
		}),
	}
}

func egressStartTrackCommand() *cli.Command {
	return &cli.Command{
		Name:  "start-track",
		Usage: "export one track as is, to a file or a WebSocket",
		Flags: serverFlags(roomFlag(),
			&cli.StringFlag{Name: "track", Usage: "track `SID`"},
			&cli.StringFlag{Name: "file", Usage: "write to this `PATH` on the egress worker"},
			&cli.StringFlag{Name: "websocket", Usage: "send to this ws:// or wss:// `URL`"},
		),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.Egress, error) {
			return c.StartTrack(ctx, admin.TrackParams{
				Room: cmd.String("room"), Track: cmd.String("track"),
				File: cmd.String("file"), WebSocketURL: cmd.String("websocket"),
			})
		}),
	}
}

func egressListCommand() *cli.Command {
	return &cli.Command{
		Name:  "list",
		Usage: "list egresses",
		Flags: serverFlags(
			&cli.StringFlag{Name: "room", Usage: "only this room's"},
			&cli.StringFlag{Name: "id", Usage: "only this egress `ID`"},
			&cli.BoolFlag{Name: "active", Usage: "only active ones"},
		),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.Egresses, error) {
			return c.ListEgress(ctx, admin.ListEgressParams{Room: cmd.String("room"), EgressID: cmd.String("id"), Active: cmd.Bool("active")})
		}),
	}
}

func egressStopCommand() *cli.Command {
	return &cli.Command{
		Name:  "stop",
		Usage: "stop an egress",
		Flags: serverFlags(&cli.StringFlag{Name: "id", Usage: "egress `ID`"}),
		Action: adminAction(func(ctx context.Context, c *admin.Client, cmd *cli.Command) (admin.Egress, error) {
			return c.StopEgress(ctx, cmd.String("id"))
		}),
	}
}
