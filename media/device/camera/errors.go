package camera

import "errors"

// Errors a user can cause; they read as one line and are checked with
// errors.Is.
var (
	// ErrNoCamera means the driver found no camera at all.
	ErrNoCamera = errors.New("no camera found: /dev/video* does not exist")
	// ErrNoDevice means the camera asked for by ID is not there; it is
	// wrapped with the ID.
	ErrNoDevice = errors.New("no such camera")
	// ErrBusy means this process already captures the camera.
	ErrBusy = errors.New("camera is already in use by this process")
	// ErrNoFormat means the camera offers no format that can be converted
	// (I420, NV12, NV21, YUYV, UYVY or MJPEG).
	ErrNoFormat = errors.New("camera offers no usable format (I420, NV12, NV21, YUYV, UYVY or MJPEG)")
)
