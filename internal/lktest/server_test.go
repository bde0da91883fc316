package lktest_test

import (
	"context"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/internal/lktest"
)

func TestServerStartsAndAnswers(t *testing.T) {
	t.Parallel()
	srv := lktest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	rooms := lksdk.NewRoomServiceClient(srv.HTTPURL(), srv.APIKey(), srv.APISecret())
	if _, err := rooms.CreateRoom(ctx, &livekit.CreateRoomRequest{Name: "lktest"}); err != nil {
		t.Fatalf("CreateRoom: %v", err)
	}
	list, err := rooms.ListRooms(ctx, &livekit.ListRoomsRequest{})
	if err != nil {
		t.Fatalf("ListRooms: %v", err)
	}
	if len(list.Rooms) != 1 || list.Rooms[0].Name != "lktest" {
		t.Fatalf("ListRooms = %v, want one room named lktest", list.Rooms)
	}
}

// TestParallelServers checks that two servers in one process get their own
// ports.
func TestParallelServers(t *testing.T) {
	t.Parallel()
	a, b := lktest.Start(t), lktest.Start(t)
	if a.Ports() == b.Ports() || a.URL() == b.URL() {
		t.Fatalf("servers share ports: %+v and %+v", a.Ports(), b.Ports())
	}
}
