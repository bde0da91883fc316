package event

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestJSONLineHasTimeTypeAndFields(t *testing.T) {
	env := Envelope{Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Event: DataReceived{From: "alice", Topic: "chat", Size: 2, Text: "hi"}}
	line, err := MarshalJSONLine(env)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(line), `{"time":"2026-01-02T03:04:05Z","type":"data_received",`) || !strings.HasSuffix(string(line), "}\n") {
		t.Fatalf("unexpected line %q", line)
	}
	var m map[string]any
	if err := json.Unmarshal(line, &m); err != nil {
		t.Fatal(err)
	}
	if m["from"] != "alice" || m["topic"] != "chat" || m["size"] != 2.0 || m["text"] != "hi" {
		t.Fatalf("fields missing: %v", m)
	}
	// lksdk does not report a received packet's delivery mode; a script
	// must not read one.
	if _, ok := m["reliable"]; ok {
		t.Fatalf("data_received claims a delivery mode: %v", m)
	}
	empty, _ := MarshalJSONLine(Envelope{Time: env.Time, Event: Reconnecting{}})
	if err := json.Unmarshal(empty, &m); err != nil {
		t.Fatalf("event without fields is not JSON: %q: %v", empty, err)
	}
}

func TestSlowSubscriberGetsDroppedCount(t *testing.T) {
	s := NewStream()
	sub := s.Subscribe(2)
	for i := 0; i < 5; i++ {
		s.Publish(DataSent{Size: i})
	}
	<-sub.C
	<-sub.C
	s.Publish(DataSent{Size: 99})
	got := <-sub.C
	if d, ok := got.Event.(Dropped); !ok || d.Count != 3 {
		t.Fatalf("want Dropped{3}, got %#v", got.Event)
	}
	if ev := (<-sub.C).Event.(DataSent); ev.Size != 99 {
		t.Fatalf("want the next event after the drop notice, got %#v", ev)
	}
	s.Close()
	if _, ok := <-sub.C; ok {
		t.Fatal("channel open after Close")
	}
	s.Publish(DataSent{}) // must not panic after close
	sub.Cancel()
}

// TestCloseWithIsLast: however many events are published concurrently,
// the event CloseWith gives is the last a subscriber receives.
func TestCloseWithIsLast(t *testing.T) {
	for range 50 {
		s := NewStream()
		sub := s.Subscribe(100000)
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 200 {
					s.Publish(Reconnecting{})
				}
			}()
		}
		s.CloseWith(Disconnected{Reason: "CLIENT_INITIATED"})
		wg.Wait()
		var last Event
		for env := range sub.C {
			last = env.Event
		}
		if _, ok := last.(Disconnected); !ok {
			t.Fatalf("last event %T, want Disconnected", last)
		}
	}
}
