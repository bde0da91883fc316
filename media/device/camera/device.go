package camera

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pion/mediadevices/pkg/driver"
	// The V4L2 driver registers the cameras it finds at process start.
	drivercamera "github.com/pion/mediadevices/pkg/driver/camera"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
)

// Device is the part of a mediadevices camera driver a Source uses:
// driver.Driver's Adapter and driver.VideoRecorder. Tests put fakes behind
// it. Properties is only valid between Open and Close; Close must make a
// pending Read return.
type Device interface {
	Open() error
	Close() error
	Properties() []prop.Media
	VideoRecord(p prop.Media) (video.Reader, error)
}

// Info describes a camera for `lkbot devices`.
type Info struct {
	// ID is what Open takes: the device node's name, such as "video0".
	ID string
	// Label is the card's name and bus, as V4L2 reports them.
	Label   string
	Formats []Format
}

// Format is one mode a camera offers.
type Format struct {
	FrameFormat   string
	Width, Height int
	// FPS is 0 when the camera does not say.
	FPS float32
}

// driverDevice is a registered driver seen as a Device.
type driverDevice struct {
	driver.Driver
	driver.VideoRecorder
}

// Close closes the driver unless it is closed already: the driver's
// wrapper closes it itself when VideoRecord fails, and closing the V4L2
// driver twice would close its file descriptor twice.
func (d driverDevice) Close() error {
	if d.Status() == driver.StateClosed {
		return nil
	}
	return d.Driver.Close()
}

// registered returns the cameras the driver found, ordered by ID.
func registered() []driver.Driver {
	ds := driver.GetManager().Query(driver.FilterAnd(
		driver.FilterDeviceType(driver.Camera),
		driver.FilterVideoRecorder(),
	))
	slices.SortFunc(ds, func(a, b driver.Driver) int {
		return cmp.Or(
			-cmp.Compare(a.Info().Priority, b.Info().Priority),
			cmp.Compare(idOf(a), idOf(b)),
		)
	})
	return ds
}

// idOf is the device node's name: the driver labels a camera
// "<name it was found by>;<device node>", e.g. "usb-…-video-index0;video0".
func idOf(d driver.Driver) string {
	label := d.Info().Label
	if i := strings.LastIndex(label, drivercamera.LabelSeparator); i >= 0 {
		return label[i+len(drivercamera.LabelSeparator):]
	}
	return label
}

func infoOf(d driver.Driver) Info {
	name, bus, _ := strings.Cut(d.Info().Name, drivercamera.LabelSeparator)
	label := name
	if bus != "" {
		label += " (" + bus + ")"
	}
	return Info{ID: idOf(d), Label: label}
}

// List returns the cameras the driver found, with the modes of those not
// in use by this process. It returns an empty list when there are none.
func List() ([]Info, error) {
	out := []Info{}
	for _, d := range registered() {
		info := infoOf(d)
		if d.Status() == driver.StateClosed && d.Open() == nil {
			info.Formats = formatsOf(d.Properties())
			_ = d.Close()
		}
		out = append(out, info)
	}
	return out, nil
}

func formatsOf(props []prop.Media) []Format {
	fs := make([]Format, 0, len(props))
	for _, p := range props {
		fs = append(fs, Format{
			FrameFormat: string(p.FrameFormat),
			Width:       p.Width,
			Height:      p.Height,
			FPS:         p.FrameRate,
		})
	}
	return fs
}

// find returns the cameras id may name: all of them, best first, for "";
// else the one whose ID ("video0"), path ("/dev/video0") or driver label
// it is.
func find(id string) ([]driver.Driver, error) {
	ds := registered()
	if len(ds) == 0 {
		return nil, ErrNoCamera
	}
	if id == "" {
		return ds, nil
	}
	base := filepath.Base(id)
	var ids []string
	for _, d := range ds {
		label := d.Info().Label
		first, _, _ := strings.Cut(label, drivercamera.LabelSeparator)
		if idOf(d) == base || first == base || label == id {
			return []driver.Driver{d}, nil
		}
		ids = append(ids, idOf(d))
	}
	return nil, fmt.Errorf("%w %q: have %s", ErrNoDevice, id, strings.Join(ids, ", "))
}
