package testpeer

import (
	"errors"
	"testing"
)

func TestParseEvent(t *testing.T) {
	ev, err := ParseEvent([]byte(`{"type":"frame","participant":"bot","sid":"TR_1","width":640,"height":360,"stamp_ok":true,"frame":4294967295,"capture_ms":12,"delay_ms":-3,"extra":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != "frame" || ev.Participant != "bot" || !ev.StampOK || ev.Frame != 4294967295 || ev.DelayMS != -3 || ev.Width != 640 {
		t.Fatalf("parsed %+v", ev)
	}
	if ev.Raw["extra"] != float64(1) {
		t.Fatalf("Raw lacks extra field: %v", ev.Raw)
	}
}

func TestParseEventRejectsLogs(t *testing.T) {
	for _, line := range []string{
		`{"level":30,"time":1,"name":"lk-rtc","msg":"hello"}`,
		`plain text`,
		`{"type":7}`,
		`[]`,
	} {
		if _, err := ParseEvent([]byte(line)); !errors.Is(err, errNotEvent) {
			t.Errorf("ParseEvent(%s) err = %v, want errNotEvent", line, err)
		}
	}
}

func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(`{"type":"data","payload":"x","kind":"reliable"}`))
	f.Add([]byte(`{"type":"audio","frames":100,"rms":0.1}`))
	f.Add([]byte(`{"msg":"log"}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		ev, err := ParseEvent(line)
		if err == nil && (ev.Type == "" || ev.Raw == nil) {
			t.Fatalf("accepted %q without a type", line)
		}
	})
}
