// Package lktest starts a real LiveKit server for tests and demos.
//
// The server is the livekit-server binary built by `make bin/livekit-server`
// (LKBOT_LIVEKIT_SERVER overrides its path). Each server gets its own free
// loopback ports and a config file in a temporary directory, so parallel
// tests never share a server by accident:
//
//	srv := lktest.Start(t)
//	room, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.Token(t, "room", "bot"), cb)
//
// Start skips nothing by itself; callers that need a server skip under
// testing.Short.
package lktest
