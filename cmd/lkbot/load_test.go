package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/admin"
	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/testpeer"
	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/quality"
	"github.com/lkbot/lkbot/load/report"
)

func TestLoadBadInput(t *testing.T) {
	dir := t.TempDir()
	base := []string{"load", "--url", "ws://127.0.0.1:1", "--api-key", "k", "--api-secret", "s", "--subscribers", "1"}
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"no rooms", []string{"--rooms", "0"}, "rooms: 0 is out of range (1 to 100000)"},
		{"no ramp", []string{"--ramp", "0"}, "ramp: 0 is out of range"},
		{"no bots", []string{"--subscribers", "0"}, "subscribers: no bots"},
		{"bad shard", []string{"--shard", "3/3"}, `shard: "3/3": I must be below N`},
		{"bad prefix", []string{"--room-prefix", "a/b"}, `room_prefix: "a/b" is not`},
		{"bad codec", []string{"--publishers", "1", "--video-codec", "av1"}, `video_codec: unknown codec "av1"`},
		{"report folder missing", []string{"--report-json", filepath.Join(dir, "no", "r.json")}, "report_json: cannot write in"},
		{"threshold below -1", []string{"--max-join-failures", "-2"}, "max_join_failures: -2 is out of range"},
		{"unknown flag", []string{"--room", "x"}, "unknown flag --room"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			expectOneLineError(t, exitUsage, tt.want, append(base, tt.args...)...)
		})
	}
	expectOneLineError(t, exitUsage, "auth: give --api-key and --api-secret", "load", "--url", "ws://127.0.0.1:1", "--subscribers", "1")

	unknown := filepath.Join(dir, "unknown.yaml")
	if err := os.WriteFile(unknown, []byte("rooms: 2\nroom: r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	expectOneLineError(t, exitUsage, `config `+unknown+`: line 2: unknown key "room"`, append(base, "--config", unknown)...)

	t.Run("half a shard from the environment", func(t *testing.T) {
		t.Setenv(load.EnvShardIndex, "1")
		expectOneLineError(t, exitUsage, "shard: JOB_COMPLETION_INDEX is set but JOB_COMPLETION_COUNT is not", base...)
	})
}

// TestLoadShardFromEnvironment: an Indexed Job's pod makes its share, as
// its index and count say, and its report says which; every join fails
// here (nothing listens), so the run ends without a stay.
func TestLoadShardFromEnvironment(t *testing.T) {
	t.Setenv(load.EnvShardIndex, "1")
	t.Setenv(load.EnvShardCount, "3")
	path := filepath.Join(t.TempDir(), "r.json")
	code, _, stderr := runCLI(t, "load", "--url", "ws://127.0.0.1:1", "--api-key", "k", "--api-secret", "s", "--rooms", "4", "--subscribers", "2", "--ramp", "1000", "--report-json", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := readReport(t, path)
	if r.Shard != (load.Shard{Index: 1, Count: 3}) || r.Config["shard"] != "1/3" || r.Totals.Bots.Planned != 3 || r.Totals.Failures[load.FailureUnreachable] != 3 || r.EndedBy != load.EndNoBotJoined {
		t.Fatalf("report: shard %v, config shard %v, bots %+v, failures %v, ended by %s", r.Shard, r.Config["shard"], r.Totals.Bots, r.Totals.Failures, r.EndedBy)
	}
}

func readReport(t *testing.T, path string) *report.Report {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestLoadRun: two rooms of one publisher and two subscribers. While the
// run stays, the server's API lists exactly those bots in those rooms, and
// an independent rtc-node peer in one room sees its publisher's camera and
// microphone and no track from anyone else; the report's counts match the
// plan and every bot joined; the run ends by its duration, exit 0. After
// a 2 s warm-up, each room's quality holds its two subscribers' camera and
// microphone (4 tracks, 2 of video): frames decoded, no loss to speak of
// on loopback, latencies recorded, and its 3 join times.
func TestLoadRun(t *testing.T) {
	srv := lktest.Start(t)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	node := testpeer.StartNode(t, srv.URL(), srv.Token(t, "load-1", "observer"))
	if _, err := node.WaitFor(ctx, testpeer.OfType("connected")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.json")
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, stdout, stderr := runCLI(t, "load", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
			"--rooms", "2", "--publishers", "1", "--subscribers", "2", "--warmup", "2s", "--duration", "6s", "--report-json", path,
			"--resolution", "320x180", "--fps", "15", "--simulcast=false", "--max-join-failures", "0",
			"--max-loss", "5%", "--max-p95-latency", "2s", "--max-freeze-ratio", "50%")
		done <- result{code, stdout, stderr}
	}()

	waitForParticipants(ctx, t, srv, map[string][]string{
		"load-1": {"load-1-pub-1", "load-1-sub-1", "load-1-sub-2", "observer"},
		"load-2": {"load-2-pub-1", "load-2-sub-1", "load-2-sub-2"},
	})
	checkPermissions(ctx, t, srv, "load-2", map[string]string{
		"load-2-pub-1": "publish [camera microphone], data false",
		"load-2-sub-1": "publish false, data false",
		"load-2-sub-2": "publish false, data false",
	})
	sources := map[string]bool{}
	if _, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		if e.Type == "track_subscribed" {
			sources[e.Participant+" "+e.Source] = true
		}
		return len(sources) >= 2
	}); err != nil {
		t.Fatalf("the node peer saw tracks %v: %v", sources, err)
	}

	res := <-done
	if res.code != exitOK {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", res.code, res.stdout, res.stderr)
	}
	var seen []string
	for _, e := range node.Events() {
		if e.Type == "track_subscribed" {
			seen = append(seen, e.Participant+" "+e.Source)
		}
	}
	slices.Sort(seen)
	if want := []string{"load-1-pub-1 camera", "load-1-pub-1 microphone"}; !slices.Equal(seen, want) {
		t.Errorf("the node peer subscribed to %v, want %v", seen, want)
	}
	r := readReport(t, path)
	b := r.Totals.Bots
	if r.Schema != report.Schema || b.Planned != 6 || b.Joined != 6 || b.Failed != 0 || r.EndedBy != load.EndDuration || r.Totals.JoinSeconds.Count != 6 {
		t.Fatalf("report: %+v, ended by %s", r.Totals, r.EndedBy)
	}
	if len(r.Rooms) != 2 || r.Rooms[0].Roles[load.RolePublisher] != 1 || r.Rooms[1].Roles[load.RoleSubscriber] != 2 || r.Rooms[1].Bots.Joined != 3 {
		t.Fatalf("rooms %+v", r.Rooms)
	}
	if len(r.Thresholds) != 4 || !r.Thresholds[0].OK || !r.Thresholds[1].OK || !r.Thresholds[2].OK || !r.Thresholds[3].OK {
		t.Fatalf("thresholds %+v", r.Thresholds)
	}
	t.Logf("summary:\n%s", res.stdout)
	for _, room := range r.Rooms {
		checkRoomQuality(t, room)
	}
	if c := r.Totals.Quality.Counters(); c.Tracks != 8 || c.VideoTracks != 4 {
		t.Errorf("total quality: %+v", c)
	}
	if !strings.Contains(res.stdout, "latency: p50 ") || !strings.Contains(res.stdout, "loss per track: p50 ") {
		t.Errorf("summary without quality: %s", res.stdout)
	}
	if !strings.Contains(res.stdout, "bots: 6 planned, 6 joined, 0 failed") {
		t.Errorf("summary: %s", res.stdout)
	}
}

// checkRoomQuality checks one room of TestLoadRun: two subscribers'
// camera and microphone measured after the warm-up, and three joins.
func checkRoomQuality(t *testing.T, room report.Room) {
	t.Helper()
	q := room.Quality
	c := q.Counters()
	t.Logf("%s: %+v; latency %+v; loss %+v; fps %+v", room.Name, c, q.Percentiles(quality.LatencyMs), q.Percentiles(quality.LossPPM), q.Percentiles(quality.FPSCenti))
	if c.Tracks != 4 || c.VideoTracks != 2 || c.DecodableFrames == 0 || c.Expected == 0 {
		t.Errorf("%s: quality counters %+v, want 4 tracks, 2 of video, frames decoded", room.Name, c)
	}
	if c.Loss() > 0.01 {
		t.Errorf("%s: loss %.2f%% on loopback", room.Name, 100*c.Loss())
	}
	if n := q.Percentiles(quality.LatencyMs).Count; n == 0 {
		t.Errorf("%s: no latency recorded", room.Name)
	}
	if n := q.Percentiles(quality.JoinMs).Count; n != 3 {
		t.Errorf("%s: %d join times, want 3", room.Name, n)
	}
}

// checkPermissions compares what the server lets each bot of room do
// with want, in the words of permissionsOf.
func checkPermissions(ctx context.Context, t *testing.T, srv *lktest.Server, room string, want map[string]string) {
	t.Helper()
	client, err := admin.NewClient(admin.Server{URL: srv.URL(), APIKey: srv.APIKey(), APISecret: srv.APISecret()})
	if err != nil {
		t.Fatal(err)
	}
	people, err := client.ListParticipants(ctx, room)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if got := permissionsOf(p.Permissions); got != want[p.Identity] {
			t.Errorf("%s may %s, want %s", p.Identity, got, want[p.Identity])
		}
	}
}

func permissionsOf(p admin.Permissions) string {
	publish := "false"
	if p.CanPublish {
		publish = fmt.Sprint(p.CanPublishSources)
	}
	return fmt.Sprintf("publish %s, data %v", publish, p.CanPublishData)
}

// waitForParticipants asks the server's API who is in each room until it
// lists exactly want, and fails at once if it lists anyone else.
func waitForParticipants(ctx context.Context, t *testing.T, srv *lktest.Server, want map[string][]string) {
	t.Helper()
	client, err := admin.NewClient(admin.Server{URL: srv.URL(), APIKey: srv.APIKey(), APISecret: srv.APISecret()})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for ctx.Err() == nil {
		complete := true
		for room, identities := range want {
			people, err := client.ListParticipants(ctx, room)
			if err != nil && !errors.Is(err, admin.ErrNotFound) {
				t.Fatalf("list %s: %v", room, err)
			}
			got[room] = nil
			for _, p := range people {
				if !slices.Contains(identities, p.Identity) {
					t.Fatalf("the server lists %s in %s, which the run does not put there", p.Identity, room)
				}
				got[room] = append(got[room], p.Identity)
			}
			complete = complete && len(got[room]) == len(identities)
		}
		if complete {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the server lists %v, want %v", got, want)
}

// TestLoadThresholdBroken: with a secret the server does not know, every
// join is refused; --max-join-failures 0 fails the run, and the last line
// names the threshold, its limit and the measured value. The report is
// still written, and neither the secret nor a bot's token appears
// anywhere, even in debug logs.
func TestLoadThresholdBroken(t *testing.T) {
	srv := lktest.Start(t)
	path := filepath.Join(t.TempDir(), "report.json")
	code, stdout, stderr := runCLI(t, "load", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", lktest.DistinctSecret,
		"--rooms", "2", "--subscribers", "1", "--max-join-failures", "0", "--report-json", path, "--log-level", "debug")
	if code != exitThresholdBroken {
		t.Fatalf("exit %d, want the threshold's\nstderr: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if last := lines[len(lines)-1]; last != "lkbot load: threshold max_join_failures broken: limit 0, measured 2" {
		t.Fatalf("last line %q", last)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"stdout": stdout, "stderr": stderr, "report": string(data)} {
		if strings.Contains(text, lktest.DistinctSecret) {
			t.Errorf("the secret is in %s", name)
		}
		if strings.Contains(text, "eyJ") { // every JWT starts so
			t.Errorf("a token is in %s", name)
		}
	}
	r := readReport(t, path)
	if r.Totals.Failures[load.FailureRefused] != 2 || len(r.Failures) != 2 || r.Thresholds[0].OK {
		t.Fatalf("report: failures %v %+v, thresholds %+v", r.Totals.Failures, r.Failures, r.Thresholds)
	}
}

// TestLoadQualityThresholdBroken: every bot losing 10% of what it
// receives breaks --max-loss 2%, since audio has no retransmission; the
// exit code says a threshold broke and the last line names it, its limit
// and the loss measured.
func TestLoadQualityThresholdBroken(t *testing.T) {
	srv := lktest.Start(t)
	path := filepath.Join(t.TempDir(), "load.yaml")
	config := "rooms: 1\naudio_publishers: 1\nsubscribers: 1\nwarmup: 1s\nduration: 4s\nimpair: in:loss=10%,seed=4\n" +
		"thresholds:\n  max_join_failures: 0\n  max_loss: 2%\n"
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "load", "--config", path, "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret())
	if code != exitThresholdBroken {
		t.Fatalf("exit %d, want the threshold's\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	var measured float64
	if _, err := fmt.Sscanf(last, "lkbot load: threshold max_loss broken: limit 2%%, measured %f%%", &measured); err != nil || measured < 4 || measured > 20 {
		// About 200 packets in 4 s: 10% ± 6 points covers 3 standard
		// deviations of the count.
		t.Fatalf("last line %q, want max_loss measured about 10%%", last)
	}
}

// TestLoadExampleConfig keeps configs/load.yaml valid.
func TestLoadExampleConfig(t *testing.T) {
	data, err := os.ReadFile("../../configs/load.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := load.DefaultConfig()
	if err := c.DecodeYAML(data); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.TotalBots() < 2 || c.MaxJoinFailures < 0 || c.MaxLoss == "" || c.MaxP95Latency == 0 || c.MaxFreezeRatio == "" {
		t.Fatalf("decoded %+v", c)
	}
}

// TestLoadREADMEFlagTable: README's table under ### `lkbot load` lists
// exactly load's flags, each with its environment variable and default.
func TestLoadREADMEFlagTable(t *testing.T) {
	rows := readmeFlagsUnder(t, "### `lkbot load`")
	c := load.DefaultConfig()
	want := map[string]readmeRow{configFlag: {}}
	for _, f := range load.Settings().Fields(&c) {
		want[f.Flag] = readmeRow{env: f.Env, def: readmeDefault(f)}
	}
	for flag, w := range want {
		if got, ok := rows[flag]; !ok || got != w {
			t.Errorf("README's load table gives --%s as %+v (listed: %v), want %+v", flag, got, ok, w)
		}
	}
	for flag := range rows {
		if _, ok := want[flag]; !ok {
			t.Errorf("README's load table lists --%s, which load does not have", flag)
		}
	}
}

// readmeFlagsUnder reads the first flag table after header, up to the
// next header: flag name to environment variable and default.
func readmeFlagsUnder(t *testing.T, header string) map[string]readmeRow {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n"+header+"\n")
	if !ok {
		t.Fatalf("README has no %s", header)
	}
	rows := map[string]readmeRow{}
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "#") {
			break
		}
		if m := readmeFlagRow.FindStringSubmatch(line); m != nil {
			rows[m[1]] = readmeRow{env: m[2], def: m[3]}
		}
	}
	return rows
}

// TestLoadMetrics: --metrics serves Prometheus /metrics during the run,
// with the joins and the warm-up's end, and the port is closed once the
// run is over.
func TestLoadMetrics(t *testing.T) {
	srv := lktest.Start(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	done := make(chan int, 1)
	go func() {
		code, _, stderr := runCLI(t, "load", "--url", srv.URL(), "--api-key", srv.APIKey(), "--api-secret", srv.APISecret(),
			"--audio-publishers", "1", "--subscribers", "1", "--warmup", "1s", "--duration", "4s", "--metrics", addr)
		if code != exitOK {
			t.Errorf("exit %d: %s", code, stderr)
		}
		done <- code
	}()
	url := "http://" + addr + "/metrics"
	deadline := time.Now().Add(30 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			last = string(body)
			if strings.Contains(last, "\nlkbot_load_warm 1\n") && strings.Contains(last, "\nlkbot_load_joins_total 2\n") {
				break
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !strings.Contains(last, "\nlkbot_load_warm 1\n") || !strings.Contains(last, "\nlkbot_load_joins_total 2\n") ||
		!strings.Contains(last, `lkbot_load_received_bytes_total{room="load-1"}`) {
		t.Fatalf("/metrics never showed the warm run with 2 joins:\n%s", last)
	}
	<-done
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	if resp, err := http.Get(url); err == nil {
		resp.Body.Close()
		t.Fatal("/metrics still answers after the run")
	}
}
