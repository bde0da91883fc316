package metrics

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/promcheck"
)

// fakeBot is a snapshot a test changes between scrapes.
type fakeBot struct {
	mu sync.Mutex
	s  bot.Snapshot
}

func (f *fakeBot) Snapshot() bot.Snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.s
	s.Tracks = append([]bot.TrackSnapshot(nil), f.s.Tracks...)
	return s
}

func (f *fakeBot) set(s bot.Snapshot) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.s = s
}

func snapshot(state string, rejoins, n uint64) bot.Snapshot {
	return bot.Snapshot{Connection: state, Rejoins: rejoins, Configured: []string{"camera", "microphone"}, Tracks: []bot.TrackSnapshot{
		{Source: "camera", Kind: "video", Codec: "vp8", SID: "TR_v", FramesEncoded: 30 * n, FramesSent: 29 * n, BytesSent: 1000 * n, FramesDropped: n, Keyframes: 2 * n},
		{Source: "microphone", Kind: "audio", Codec: "opus", SID: "TR_a", Muted: true, FramesEncoded: 50 * n, FramesSent: 50 * n, BytesSent: 80 * n},
	}}
}

// series reads every series of g as name{labels} -> value, labels
// written as a=x,b=y in label name order.
func series(t *testing.T, g prometheus.Gatherer) map[string]float64 {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, l.GetName()+"="+l.GetValue())
			}
			key := mf.GetName() + "{" + strings.Join(labels, ",") + "}"
			switch {
			case m.Counter != nil:
				out[key] = m.Counter.GetValue()
			case m.Gauge != nil:
				out[key] = m.Gauge.GetValue()
			}
		}
	}
	return out
}

func TestMetricsFollowTheSnapshot(t *testing.T) {
	f := &fakeBot{}
	f.set(snapshot(bot.StateConnected, 0, 1))
	reg := NewRegistry(f.Snapshot)
	const cam, mic = "{codec=vp8,kind=video,source=camera}", "{codec=opus,kind=audio,source=microphone}"

	for _, tc := range []struct {
		snap bot.Snapshot
		want map[string]float64
	}{
		{snapshot(bot.StateConnected, 0, 1), map[string]float64{
			"lkbot_connection_state{state=connected}":    1,
			"lkbot_connection_state{state=reconnecting}": 0,
			"lkbot_ready{}":                          1,
			"lkbot_rejoins_total{}":                  0,
			"lkbot_track_published" + cam:            1,
			"lkbot_track_muted" + cam:                0,
			"lkbot_track_muted" + mic:                1,
			"lkbot_track_encoded_frames_total" + cam: 30,
			"lkbot_track_sent_frames_total" + cam:    29,
			"lkbot_track_sent_bytes_total" + cam:     1000,
			"lkbot_track_dropped_frames_total" + cam: 1,
			"lkbot_track_sent_keyframes_total" + cam: 2,
			"lkbot_track_sent_frames_total" + mic:    50,
			"lkbot_track_sent_keyframes_total" + mic: 0,
		}},
		{snapshot(bot.StateReconnecting, 1, 3), map[string]float64{
			"lkbot_connection_state{state=connected}":    0,
			"lkbot_connection_state{state=reconnecting}": 1,
			"lkbot_ready{}":                       0,
			"lkbot_rejoins_total{}":               1,
			"lkbot_track_sent_frames_total" + cam: 87,
			"lkbot_track_sent_bytes_total" + mic:  240,
		}},
	} {
		f.set(tc.snap)
		got := series(t, reg)
		for key, v := range tc.want {
			if have, ok := got[key]; !ok || have != v {
				t.Errorf("%s (state %s) = %g (present %v), want %g", key, tc.snap.Connection, have, ok, v)
			}
		}
		if _, ok := got["go_goroutines{}"]; !ok {
			t.Errorf("go_goroutines missing")
		}
	}

	// A camera whose publication the server has not confirmed yet holds
	// readiness back.
	s := snapshot(bot.StateConnected, 1, 4)
	s.Tracks[0].SID = ""
	f.set(s)
	got := series(t, reg)
	if got["lkbot_ready{}"] != 0 || got["lkbot_track_published"+cam] != 0 {
		t.Errorf("unconfirmed camera: ready %g, published %g; want 0 and 0", got["lkbot_ready{}"], got["lkbot_track_published"+cam])
	}

	// An unpublished track's series go away.
	s.Tracks = s.Tracks[1:]
	f.set(s)
	if _, ok := series(t, reg)["lkbot_track_sent_frames_total"+cam]; ok {
		t.Errorf("camera series still present after its track went")
	}
}

// TestMetricsPassPromlint: every metric name follows Prometheus's
// conventions.
func TestMetricsPassPromlint(t *testing.T) {
	f := &fakeBot{}
	f.set(snapshot(bot.StateConnected, 2, 5))
	promcheck.Lint(t, NewRegistry(f.Snapshot))
}

func TestHandlerServesTextFormat(t *testing.T) {
	f := &fakeBot{}
	f.set(snapshot(bot.StateConnected, 0, 1))
	rec := httptest.NewRecorder()
	Handler(f.Snapshot).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, body)
	}
	for _, want := range []string{
		`lkbot_track_sent_frames_total{codec="vp8",kind="video",source="camera"} 29`,
		"# TYPE lkbot_rejoins_total counter",
		"go_goroutines ",
		"process_cpu_seconds_total ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q in:\n%s", want, body)
		}
	}
}
