// Package lktest starts a real LiveKit server for tests and demos.
//
// The server is the livekit-server binary built by `make bin/livekit-server`
// (LKBOT_LIVEKIT_SERVER overrides its path), run in dev mode with the keys
// devkey/secret. Each server gets its own free loopback ports (HTTP/WebSocket
// and one multiplexed UDP port for WebRTC) and a config file in a temporary
// directory, so parallel tests never share a server by accident:
//
//	srv := lktest.Start(t) // stopped in t.Cleanup; its log printed if t fails
//	room, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.Token(t, "room", "bot"), cb)
//
// Programs that are not tests use StartServer and Close. Tests that start a
// server should skip under testing.Short.
package lktest
