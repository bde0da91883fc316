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
// a kind with none, why. Its JSON is README's contract.
type deviceList struct {
	Cameras     []cameraView     `json:"cameras"`
	Microphones []microphoneView `json:"microphones"`
	Screens     []screenView     `json:"screens"`
	// Notes says, per kind, why none was found: "cameras",
	// "microphones" or "screens".
	Notes map[string]string `json:"notes"`
}

type cameraView struct {
	ID      string       `json:"id"`
	Label   string       `json:"label"`
	Formats []formatView `json:"formats"`
}

type formatView struct {
	FrameFormat string  `json:"frame_format"`
	Width       int     `json:"width"`
	Height      int     `json:"height"`
	FPS         float32 `json:"fps"`
}

type microphoneView struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	ID          string `json:"id"`
	Default     bool   `json:"default"`
	Backend     string `json:"backend"`
}

type screenView struct {
	ID     string `json:"id"`
	Index  int    `json:"index"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
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
	list := deviceList{Notes: map[string]string{}, Cameras: []cameraView{}, Microphones: []microphoneView{}, Screens: []screenView{}}
	cams, err := camera.List()
	if err != nil {
		list.Notes["cameras"] = err.Error()
	} else if len(cams) == 0 {
		list.Notes["cameras"] = "no camera found: no /dev/video* device answers as a V4L2 capture device"
	}
	for _, c := range cams {
		v := cameraView{ID: c.ID, Label: c.Label, Formats: []formatView{}}
		for _, f := range c.Formats {
			v.Formats = append(v.Formats, formatView{FrameFormat: f.FrameFormat, Width: f.Width, Height: f.Height, FPS: f.FPS})
		}
		list.Cameras = append(list.Cameras, v)
	}
	mics, err := mic.List(ctx)
	if err != nil {
		list.Notes["microphones"] = err.Error()
	} else if len(mics) == 0 {
		list.Notes["microphones"] = "no capture device found"
	}
	for _, m := range mics {
		list.Microphones = append(list.Microphones, microphoneView{Name: m.Name, Description: m.Description, ID: m.ID, Default: m.Default, Backend: m.Backend})
	}
	screens, err := screen.List()
	if err != nil {
		list.Notes["screens"] = err.Error()
	} else if len(screens) == 0 {
		list.Notes["screens"] = "the X display has no screen"
	}
	for _, sc := range screens {
		list.Screens = append(list.Screens, screenView{ID: sc.ID, Index: sc.Index, Width: sc.Width, Height: sc.Height})
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
