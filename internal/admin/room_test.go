package admin

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
)

func newTestClient(t *testing.T, srv *lktest.Server) *Client {
	t.Helper()
	c, err := NewClient(Server{URL: srv.URL(), APIKey: srv.APIKey(), APISecret: srv.APISecret(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRoomLifecycle(t *testing.T) {
	srv := lktest.Start(t)
	c := newTestClient(t, srv)
	ctx := context.Background()

	r, err := c.CreateRoom(ctx, CreateRoomParams{Name: "one", EmptyTimeout: 90 * time.Second, DepartureTimeout: 1500 * time.Millisecond, MaxParticipants: 7, Metadata: `{"k":1}`})
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "one" || !strings.HasPrefix(r.SID, "RM_") || r.EmptyTimeout != 90 || r.DepartureTimeout != 2 || r.MaxParticipants != 7 || r.Metadata != `{"k":1}` {
		t.Fatalf("created %+v", r)
	}
	if _, err := c.CreateRoom(ctx, CreateRoomParams{Name: "two"}); err != nil {
		t.Fatal(err)
	}
	all, err := c.ListRooms(ctx, nil)
	if err != nil || len(all) != 2 {
		t.Fatalf("list: %v %+v", err, all)
	}
	only, err := c.ListRooms(ctx, []string{"two"})
	if err != nil || len(only) != 1 || only[0].Name != "two" {
		t.Fatalf("list two: %v %+v", err, only)
	}
	up, err := c.UpdateRoomMetadata(ctx, "one", "new")
	if err != nil || up.Metadata != "new" {
		t.Fatalf("update metadata: %v %+v", err, up)
	}
	if got, _ := c.ListRooms(ctx, []string{"one"}); len(got) != 1 || got[0].Metadata != "new" {
		t.Fatalf("metadata not kept: %+v", got)
	}
	if d, err := c.DeleteRoom(ctx, "two"); err != nil || !d.Deleted {
		t.Fatalf("delete: %v %+v", err, d)
	}
	if got, _ := c.ListRooms(ctx, nil); len(got) != 1 || got[0].Name != "one" {
		t.Fatalf("after delete: %+v", got)
	}
	_, err = c.DeleteRoom(ctx, "two")
	if !errors.Is(err, ErrRefused) || err.Error() != "the server refused: requested room does not exist" {
		t.Fatalf("delete again: %v", err)
	}
	if _, err := c.ListParticipants(ctx, "nowhere"); !errors.Is(err, ErrNotFound) || err.Error() != `room "nowhere" does not exist` {
		t.Fatalf("participants of a missing room: %v", err)
	}
	if _, err := c.SendData(ctx, SendDataParams{Room: "nowhere", Payload: []byte("x")}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("send data to a missing room: %v", err)
	}
}

func TestConnectionErrors(t *testing.T) {
	srv := lktest.Start(t)
	ctx := context.Background()
	list := func(s Server) error {
		c, err := NewClient(s)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListRooms(ctx, nil)
		return err
	}
	err := list(Server{URL: "ws://127.0.0.1:1", APIKey: "k", APISecret: "s"})
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "ws://127.0.0.1:1 (is LiveKit running") {
		t.Errorf("unreachable: %v", err)
	}
	err = list(Server{URL: srv.URL(), APIKey: lktest.DistinctKey, APISecret: "not-the-secret-at-all"})
	if !errors.Is(err, ErrCredentials) {
		t.Errorf("wrong secret: %v", err)
	}
	err = list(Server{URL: srv.URL(), APIKey: "nobody", APISecret: lktest.DistinctSecret})
	if !errors.Is(err, ErrCredentials) || strings.Contains(err.Error(), lktest.DistinctSecret) {
		t.Errorf("unknown key: %v", err)
	}
	// An egress for an existing room waits for a worker: our timeout ends it.
	c, err := NewClient(Server{URL: srv.URL(), APIKey: srv.APIKey(), APISecret: srv.APISecret(), Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateRoom(ctx, CreateRoomParams{Name: "busy"}); err != nil {
		t.Fatal(err)
	}
	_, err = c.StartRoomComposite(ctx, RoomCompositeParams{Room: "busy", Output: EgressOutput{File: "a.mp4"}})
	if !errors.Is(err, ErrTimeout) || err.Error() != "no answer from the server within 300ms" {
		t.Errorf("timeout: %v", err)
	}
}

func TestServerValidate(t *testing.T) {
	ok := Server{URL: "wss://x.example", APIKey: "k", APISecret: "s"}
	tests := []struct {
		name string
		edit func(*Server)
		want string
	}{
		{"no url", func(s *Server) { s.URL = "" }, "url is required"},
		{"no host", func(s *Server) { s.URL = "ws://" }, `url "ws://" is not a URL`},
		{"bad scheme", func(s *Server) { s.URL = "ftp://x" }, `has scheme "ftp"`},
		{"no key", func(s *Server) { s.APIKey = "" }, "api-key is required"},
		{"no secret", func(s *Server) { s.APISecret = "" }, "api-secret is required"},
		{"negative timeout", func(s *Server) { s.Timeout = -time.Second }, "timeout -1s is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			tt.edit(&s)
			_, err := NewClient(s)
			var ie *InvalidError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want InvalidError containing %q", err, tt.want)
			}
		})
	}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
}
