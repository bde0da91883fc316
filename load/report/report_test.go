package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/quality"
	"github.com/lkbot/lkbot/media/stats"
)

const secret = "report-secret-that-must-not-show"

// sampleResult is a run of two rooms of one publisher and two subscribers:
// one subscriber refused, one interrupted.
func sampleResult() *load.Result { return shardResult(load.Whole) }

// shardResult is shard's share of sampleResult's run, as that shard's
// process would have measured it.
func shardResult(shard load.Shard) *load.Result {
	c := load.DefaultConfig()
	c.Bot.URL, c.Bot.APIKey, c.Bot.APISecret = "ws://127.0.0.1:7880", "devkey", secret
	c.Rooms, c.Publishers, c.Subscribers, c.Duration, c.MaxJoinFailures = 2, 1, 2, 5*time.Second, 0
	c.Shard = shard.String()
	start := time.Date(2026, 12, 3, 7, 0, 0, 0, time.UTC)
	res := &load.Result{Config: c, Shard: shard, StartedAt: start, RampEndedAt: start.Add(time.Second), EndedAt: start.Add(7 * time.Second), EndedBy: load.EndDuration}
	// Every join's time, as the runner records them; one subscriber's
	// camera and microphone in load-1, measured.
	res.Quality = &quality.Rooms{}
	joined := 0
	for _, m := range load.Plan(&c, shard) {
		i := time.Duration(m.Arrival)
		o := load.Outcome{Member: m, Started: start.Add(i * 100 * time.Millisecond), JoinTime: (i + 1) * 100 * time.Millisecond, Joined: true}
		switch m.Identity {
		case "load-2-sub-1":
			o.Joined, o.Failure, o.Error = false, load.FailureRefused, "connect ws://127.0.0.1:7880: the server rejected the credentials"
		case "load-2-sub-2":
			o.Joined, o.Failure, o.Error = false, load.FailureInterrupted, "interrupted"
		case "load-1-sub-2":
			o.SessionEnd = "PARTICIPANT_REMOVED"
		case "load-1-sub-1":
			o.Impaired = true
			q := res.Quality.Room("load-1")
			q.AddTrack(stats.Quality{Expected: 1000, Lost: 10, LostBeforeRepair: 50, Repaired: 40, DecodableFrames: 100, CompleteFrames: 100, Intervals: 99, VideoDuration: 6600 * time.Millisecond}, true)
			q.AddTrack(stats.Quality{Expected: 1000}, false)
			for _, ms := range []int{20, 30, 40} {
				q.RecordDuration(quality.LatencyMs, time.Duration(ms)*time.Millisecond)
			}
		}
		if o.Joined {
			joined++
			res.Quality.Room(m.Room).RecordDuration(quality.JoinMs, o.JoinTime)
		}
		res.Outcomes = append(res.Outcomes, o)
	}
	for i := range 3 {
		res.Series = append(res.Series, load.Sample{At: start.Add(time.Duration(i) * time.Second), Elapsed: time.Duration(i) * time.Second, Planned: len(res.Outcomes), Joined: min(2*i, joined),
			Traffic: load.Traffic{Bytes: 125_000, Expected: 100, Lost: 1, LostBeforeRepair: 3, Frames: 15, FrameTime: time.Second, Seconds: 1}, LatencyP50Ms: 20, LatencyP95Ms: 40, LatencyCount: 50})
	}
	return res
}

func TestBuild(t *testing.T) {
	res := sampleResult()
	res.Invalid = "the generator was saturated"
	r := Build(res, "lkbot test")
	if len(r.Impaired) != 1 || r.Impaired[0] != "load-1-sub-1" || len(r.Series) != 3 || r.Series[2].Joined != 4 || r.Invalid != res.Invalid {
		t.Fatalf("impaired %v, %d samples, invalid %q", r.Impaired, len(r.Series), r.Invalid)
	}
	b := r.Totals.Bots
	if r.Schema != Schema || b.Planned != 6 || b.Started != 6 || b.Joined != 4 || b.Failed != 1 || b.Interrupted != 1 {
		t.Fatalf("totals %+v", r.Totals)
	}
	if r.Totals.Failures[load.FailureRefused] != 1 || r.Totals.Failures[load.FailureOther] != 0 || r.Totals.SessionEnds["PARTICIPANT_REMOVED"] != 1 {
		t.Fatalf("failures %v, session ends %v", r.Totals.Failures, r.Totals.SessionEnds)
	}
	// Joined: arrivals 0, 1, 2 and 4, whose joins took 0.1, 0.2, 0.3 and 0.5 s.
	if j := r.Totals.JoinSeconds; j.Count != 4 || j.P50 != 0.2 || j.P99 != 0.5 || j.Max != 0.5 {
		t.Fatalf("join seconds %+v", j)
	}
	if len(r.Rooms) != 2 || r.Rooms[0].Name != "load-1" || r.Rooms[0].Bots.Joined != 3 || r.Rooms[1].Bots.Joined != 1 || r.Rooms[1].Roles[load.RoleSubscriber] != 2 || r.Rooms[1].Roles[load.RolePublisher] != 1 {
		t.Fatalf("rooms %+v", r.Rooms)
	}
	if len(r.Failures) != 1 || r.Failures[0].Identity != "load-2-sub-1" || r.Failures[0].Class != load.FailureRefused {
		t.Fatalf("failures %+v", r.Failures)
	}
	if len(r.Thresholds) != 1 || r.Thresholds[0] != (Threshold{Name: "max_join_failures", Limit: 0, Measured: 1, OK: false}) {
		t.Fatalf("thresholds %+v", r.Thresholds)
	}
	if r.Totals.AttemptsPerSecond < 9.99 || r.Totals.AttemptsPerSecond > 10.01 {
		t.Fatalf("attempts per second %g, want 10", r.Totals.AttemptsPerSecond)
	}
	if c := r.Totals.Quality.Counters(); c.Tracks != 2 || c.VideoTracks != 1 || c.Lost != 10 || r.Rooms[0].Quality.Counters() != c || r.Rooms[1].Quality.Counters().Tracks != 0 {
		t.Fatalf("quality: totals %+v, rooms %+v %+v", c, r.Rooms[0].Quality.Counters(), r.Rooms[1].Quality.Counters())
	}
	if r.Config["rooms"] != 2 || r.Config["duration"] != "5s" || r.Config["shard"] != "0/1" || r.Config["api_key"] != "devkey" {
		t.Fatalf("config %v", r.Config)
	}
	if _, ok := r.Config["api_secret"]; ok {
		t.Fatal("the config holds the API secret")
	}
}

// TestWriteAndDecode: the written report decodes to the same report, has
// no secret in it, and Decode is strict.
func TestWriteAndDecode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.json")
	want := Build(sampleResult(), "lkbot test")
	if err := WriteFile(path, want); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), secret) {
		t.Fatal("the report holds the API secret")
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	if string(a) != string(b) {
		t.Fatalf("decoded report differs:\n%s\n%s", a, b)
	}
	for in, wantErr := range map[string]string{
		`{"schema":"lkbot.load/v0"}`:             "unknown report schema",
		`{"schema":"lkbot.load/v1","extra":1}`:   `unknown field "extra"`,
		`{"schema":"lkbot.load/v1","shard":"x"}`: "report: json: cannot unmarshal",
		`{"schema":"lkbot.load/v1"} {}`:          "not JSON",
		`[`:                                      "not JSON",
	} {
		_, err := Decode([]byte(in))
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("Decode(%s) = %v, want %q", in, err, wantErr)
		}
	}
	if _, err := Decode([]byte(`{"schema":"x"}`)); !errors.Is(err, ErrSchema) {
		t.Errorf("another schema: %v, want ErrSchema", err)
	}
}

// FuzzDecode: any input decodes or is refused with one line.
func FuzzDecode(f *testing.F) {
	data, _ := json.Marshal(Build(sampleResult(), "lkbot test"))
	f.Add(data)
	f.Add([]byte(`{"schema":"lkbot.load/v1"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Decode(data); err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("error is not one line: %q", err)
		}
	})
}

func TestWriteSummary(t *testing.T) {
	var out strings.Builder
	if err := WriteSummary(&out, Build(sampleResult(), "lkbot test")); err != nil {
		t.Fatal(err)
	}
	// 4 joins from the first start (0 s) to the last join's end (0.4 + 0.5 s).
	// Every failure class is listed, in load.Failures' order.
	var classes []string
	for _, f := range load.Failures() {
		classes = append(classes, fmt.Sprintf("%s %d", f, map[bool]int{true: 1}[f == load.FailureRefused]))
	}
	want := "bots: 6 planned, 4 joined, 1 failed (" + strings.Join(classes, ", ") + "), 1 interrupted, 0 not started\n" +
		"join time: p50 0.200s, p95 0.500s, p99 0.500s, max 0.500s; 4.4 joins/s (10.0 attempts/s)\n" +
		"latency: p50 30ms, p95 40ms, p99 40ms, max 40ms (3 frames and audio packets)\n" +
		"loss per track: p50 0.00%, p95 1.00%, p99 1.00%; all packets 0.50% after repair, 2.50% before (2 tracks, 1 video, 0 freezes)\n" +
		"session ends: PARTICIPANT_REMOVED 1\n" +
		"ended by duration after 7s (shard 0/1)\n" +
		"room    bots  join ms p50/p95/p99  latency ms p50/p95/p99  loss % p50/p95/p99  fps p50  freezes\n" +
		"load-1  3/3   300/500/500          30/40/40                0.00/1.00/1.00      15.0     0\n" +
		"load-2  1/3   200/200/200          -                       -                   -        -\n" +
		"total   4/6   200/500/500          30/40/40                0.00/1.00/1.00      15.0     0\n"
	if out.String() != want {
		t.Fatalf("summary:\n%s\nwant\n%s", out.String(), want)
	}
}

func TestCheckWritable(t *testing.T) {
	dir := t.TempDir()
	if err := CheckWritable(filepath.Join(dir, "r.json")); err != nil {
		t.Fatal(err)
	}
	if err := CheckWritable(filepath.Join(dir, "missing", "r.json")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("missing folder: %v", err)
	}
	if err := CheckWritable(dir); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Fatalf("a folder: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Fatalf("CheckWritable left %v behind", entries)
	}
}
