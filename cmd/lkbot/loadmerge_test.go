package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/report"
)

// runMerge runs lkbot load merge with args.
func runMerge(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if loadCommand().Command("merge") == nil {
		t.Fatal("loadCommand does not list loadMergeCommand()")
	}
	return runCLI(t, append([]string{"load", "merge"}, args...)...)
}

// shardReport runs shard I/N of 3 rooms of 2 subscribers against a port
// where nothing listens: every join fails as unreachable at once, each
// shard within its --max-join-failures of 3, and its report is written.
func shardReport(t *testing.T, dir, shard string, extra ...string) string {
	t.Helper()
	path := filepath.Join(dir, "shard-"+strings.ReplaceAll(shard, "/", "-")+".json")
	args := append([]string{"load", "--url", "ws://127.0.0.1:1", "--api-key", "k", "--api-secret", "s",
		"--rooms", "3", "--subscribers", "2", "--ramp", "1000", "--max-join-failures", "3", "--shard", shard, "--report-json", path}, extra...)
	if code, _, stderr := runCLI(t, args...); code != exitOK {
		t.Fatalf("shard %s: exit %d: %s", shard, code, stderr)
	}
	return path
}

// TestLoadMerge: two shards that each held --max-join-failures 3 merge
// into the whole run, whose 6 failures break it: the summary is the whole
// run's, both reports are written, and the exit code is 20 with the
// threshold's line.
func TestLoadMerge(t *testing.T) {
	dir := t.TempDir()
	a, b := shardReport(t, dir, "0/2"), shardReport(t, dir, "1/2")
	jsonPath, htmlPath := filepath.Join(dir, "merged.json"), filepath.Join(dir, "merged.html")
	code, stdout, stderr := runMerge(t, b, a, "--report-json", jsonPath, "--report-html", htmlPath)
	if code != exitThresholdBroken || strings.TrimSpace(stderr) != "lkbot load merge: threshold max_join_failures broken: limit 3, measured 6" {
		t.Fatalf("exit %d, stderr %q; want 20 and the broken threshold", code, stderr)
	}
	if !strings.HasPrefix(stdout, "bots: 6 planned, 0 joined, 6 failed") || !strings.Contains(stdout, "(merged shards 0, 1 of 2)") || !strings.Contains(stdout, "\ntotal ") {
		t.Fatalf("summary:\n%s", stdout)
	}
	r, err := report.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if r.Merged == nil || !slices.Equal(r.Merged.Shards, []int{0, 1}) || r.Shard != load.Whole || r.Totals.Bots.Planned != 6 || r.Totals.Failures[load.FailureUnreachable] != 6 || len(r.Rooms) != 3 {
		t.Fatalf("merged report: merged %+v, shard %v, bots %+v, failures %v, %d rooms", r.Merged, r.Shard, r.Totals.Bots, r.Totals.Failures, len(r.Rooms))
	}
	if len(r.Thresholds) != 1 || r.Thresholds[0].OK || r.Thresholds[0].Measured != 6 {
		t.Fatalf("thresholds %+v", r.Thresholds)
	}
	page, err := os.ReadFile(htmlPath)
	if err != nil || !strings.Contains(string(page), "max_join_failures") {
		t.Fatalf("HTML report: %v", err)
	}
}

// TestLoadMergePartial: one shard of two merges, exit 0, and the summary
// ends by saying which shard is missing.
func TestLoadMergePartial(t *testing.T) {
	a := shardReport(t, t.TempDir(), "0/2")
	code, stdout, stderr := runMerge(t, a)
	if code != exitOK || !strings.HasSuffix(stdout, "INCOMPLETE: shards 1 of 2 are missing from this merge\n") {
		t.Fatalf("exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
}

func TestLoadMergeBadInput(t *testing.T) {
	dir := t.TempDir()
	a, b := shardReport(t, dir, "0/2"), shardReport(t, dir, "1/2")
	other := shardReport(t, t.TempDir(), "1/2", "--rooms", "2")
	notJSON := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notJSON, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.json")
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"no files", nil, "give the shards' JSON reports"},
		{"missing file", []string{a, missing}, "report " + missing + ": no such file or directory"},
		{"not a report", []string{notJSON}, "report " + notJSON + ": not JSON"},
		{"a shard twice", []string{a, a}, "shard 0/2 is given twice"},
		{"another run", []string{a, other}, "differ in rooms (3, 2)"},
		{"output folder missing", []string{a, b, "--report-html", filepath.Join(dir, "no", "r.html")}, "report_html: cannot write in"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if loadCommand().Command("merge") == nil {
				t.Fatal("loadCommand does not list loadMergeCommand()")
			}
			expectOneLineError(t, exitUsage, tt.want, append([]string{"load", "merge"}, tt.args...)...)
		})
	}
}
