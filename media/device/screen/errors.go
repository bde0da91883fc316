package screen

import "errors"

// Errors a user can cause; they read as one line and are checked with
// errors.Is.
var (
	// ErrNoDisplay means DISPLAY is not set, so there is no X server to
	// capture.
	ErrNoDisplay = errors.New("no X display: DISPLAY is not set")
	// ErrNoX11 means this binary was built without the X11 driver.
	ErrNoX11 = errors.New("screen capture is not in this build (built with -tags nox11)")
	// ErrNoScreen means the X server could not be reached; it is wrapped
	// with the display's name.
	ErrNoScreen = errors.New("no X screen found")
	// ErrNoDevice means the screen asked for is not there; it is wrapped
	// with the ID.
	ErrNoDevice = errors.New("no such screen")
	// ErrBusy means this process already captures the screen.
	ErrBusy = errors.New("screen is already being captured by this process")
)
