package admin

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestNotLiveKit: a web server that is not LiveKit is named as such.
func TestNotLiveKit(t *testing.T) {
	web := httptest.NewServer(http.NotFoundHandler())
	defer web.Close()
	c, err := NewClient(Server{URL: web.URL, APIKey: "k", APISecret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListRooms(context.Background(), nil)
	if !errors.Is(err, ErrNotLiveKit) || !strings.HasPrefix(err.Error(), "not a LiveKit server: "+web.URL+" answered ") {
		t.Fatalf("got %v", err)
	}
}
