// Package camera captures a V4L2 camera through pion/mediadevices' camera
// driver (pure Go, blackjack/webcam) and serves it as raw I420 frames: a
// Source is an encode.FrameSource.
//
// A reader goroutine reads the camera as fast as it delivers, converts each
// picture to 4:2:0 limited range (MJPEG decodes to full range and is mapped
// down) and keeps the latest one with its capture time; Next copies it,
// scaled to the encoder's size, without waiting for the camera. A camera
// that stops delivering (ReadTimeout) or goes away (unplugged) ends the
// Source: Done is closed and Err says which.
//
// The driver finds cameras once, when the process starts; a camera plugged
// in later is not seen until lkbot restarts.
package camera
