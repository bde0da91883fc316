package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/urfave/cli/v3"
)

// TestRecordBadInput: a directory that cannot be made is one line and
// exit code 2, before joining; so is a missing --out or a bad filter.
func TestRecordBadInput(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	base := []string{"record", "--url", "ws://127.0.0.1:1", "--api-key", "k", "--api-secret", "s", "--room", "r"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--out", filepath.Join(file, "rec")}, "not a directory"},
		{nil, "--out: missing"},
		{[]string{"--out", t.TempDir(), "--record-source", "webcam"}, `record_source: "webcam" is not one of`},
		{[]string{"--out", t.TempDir(), "--record-quality", "best"}, `record_quality: "best" is not low, medium or high`},
	} {
		code, _, stderr := runCLI(t, append(base, tc.args...)...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d; stderr %q", tc.args, code, exitUsage, stderr)
		}
		checkOneLine(t, stderr, tc.want)
	}
}

// TestRecorderConfig keeps configs/recorder.yaml valid for lkbot record.
func TestRecorderConfig(t *testing.T) {
	t.Setenv("LIVEKIT_URL", "ws://127.0.0.1:7880")
	t.Setenv("LIVEKIT_API_KEY", "devkey")
	t.Setenv("LIVEKIT_API_SECRET", "secret")
	cmd := &cli.Command{Name: "record", Flags: recordFlags()}
	var got *joinSettings
	cmd.Action = func(_ context.Context, cmd *cli.Command) (err error) {
		got, err = loadRecordSettings(cmd)
		return err
	}
	if err := cmd.Run(t.Context(), []string{"record", "--config", "../../configs/recorder.yaml"}); err != nil {
		t.Fatal(err)
	}
	if got.Record.Dir == "" || !got.Bot.Hidden || got.Bot.Publishes() {
		t.Errorf("decoded %+v; want a hidden recorder that publishes nothing", got)
	}
}
