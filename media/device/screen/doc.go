// Package screen captures an X11 screen through pion/mediadevices' screen
// driver (XShm) and serves it as raw I420 frames: a Source is an
// encode.FrameSource.
//
// A reader goroutine grabs the screen at Options.FPS, converts it to 4:2:0
// limited range, scaled down to fit MaxWidth×MaxHeight with its aspect
// kept, and keeps the latest frame with its capture time; Next copies it
// without waiting for the X server.
//
// The driver needs cgo and libX11/libXext. A build with -tags nox11 (or
// without cgo, or not for Linux) leaves it out: List and Open then return
// ErrNoX11, and a headless image needs no X libraries.
//
// Xlib ends the process when the X server goes away during a capture (the
// driver installs no I/O error handler); keep the display up for as long
// as a Source captures it.
package screen
