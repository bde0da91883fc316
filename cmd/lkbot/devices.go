package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/media/device/camera"
	"github.com/lkbot/lkbot/media/device/mic"
	"github.com/lkbot/lkbot/media/device/screen"
)

// deviceList is what `lkbot devices` finds: each kind of device, and for
// a kind with none, why.
type deviceList struct {
	Cameras     []camera.Info `json:"cameras"`
	Microphones []mic.Device  `json:"microphones"`
	Screens     []screen.Info `json:"screens"`
	// Notes says, per kind, why none was found: "cameras",
	// "microphones" or "screens".
	Notes map[string]string `json:"notes"`
}

func devicesCommand() *cli.Command {
	return &cli.Command{
		Name:  "devices",
		Usage: "list the cameras, microphones and screens this machine has, with the IDs that --camera, --mic, --screen and --screen-audio take",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print the list as one JSON object"},
		},
		Action: func(ctx context.Context, cmd *cli.Command) error {
			if cmd.Args().Present() {
				return usageError{fmt.Errorf("devices takes no arguments, got %q", cmd.Args().First())}
			}
			list := findDevices(ctx)
			if cmd.Bool("json") {
				enc := json.NewEncoder(cmd.Root().Writer)
				enc.SetIndent("", "  ")
				return enc.Encode(list)
			}
			return list.print(cmd.Root().Writer)
		},
	}
}

// findDevices asks each driver for its devices. A driver that finds none,
// or cannot look, leaves a note instead of failing the command.
func findDevices(ctx context.Context) deviceList {
	list := deviceList{Notes: map[string]string{}, Cameras: []camera.Info{}, Microphones: []mic.Device{}, Screens: []screen.Info{}}
	if cams, err := camera.List(); err != nil {
		list.Notes["cameras"] = err.Error()
	} else if len(cams) == 0 {
		list.Notes["cameras"] = "no camera found: no /dev/video* device answers as a V4L2 capture device"
	} else {
		list.Cameras = cams
	}
	if mics, err := mic.List(ctx); err != nil {
		list.Notes["microphones"] = err.Error()
	} else if len(mics) == 0 {
		list.Notes["microphones"] = "no capture device found"
	} else {
		list.Microphones = mics
	}
	if screens, err := screen.List(); err != nil {
		list.Notes["screens"] = err.Error()
	} else if len(screens) == 0 {
		list.Notes["screens"] = "the X display has no screen"
	} else {
		list.Screens = screens
	}
	return list
}

func (l deviceList) print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "cameras (--camera device:ID):")
	for _, c := range l.Cameras {
		fmt.Fprintf(tw, "  %s\t%s\n", c.ID, c.Label)
		for _, f := range c.Formats {
			fmt.Fprintf(tw, "  \t  %s %dx%d %g fps\n", f.FrameFormat, f.Width, f.Height, f.FPS)
		}
	}
	l.note(tw, "cameras")
	fmt.Fprintln(tw, "microphones (--mic or --screen-audio device:NAME):")
	for _, m := range l.Microphones {
		def := ""
		if m.Default {
			def = "default"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", m.Name, m.Description, m.Backend, def)
	}
	l.note(tw, "microphones")
	fmt.Fprintln(tw, "screens (--screen device:N):")
	for _, s := range l.Screens {
		fmt.Fprintf(tw, "  %d\t%s\t%dx%d\n", s.Index, s.ID, s.Width, s.Height)
	}
	l.note(tw, "screens")
	return tw.Flush()
}

func (l deviceList) note(w io.Writer, kind string) {
	if n := l.Notes[kind]; n != "" {
		fmt.Fprintf(w, "  none: %s\n", n)
	}
}
