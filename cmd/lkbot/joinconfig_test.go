package main

import (
	"bufio"
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/settings"
)

func TestSettingsTablesAreWellFormed(t *testing.T) {
	if err := bot.Settings().Check(); err != nil {
		t.Error(err)
	}
	if err := cliSettings().Check(); err != nil {
		t.Error(err)
	}
	keys := map[string]bool{}
	for _, fs := range defaultJoinSettings().fields() {
		for _, f := range fs {
			if keys[f.Key] {
				t.Errorf("key %s is in both tables", f.Key)
			}
			keys[f.Key] = true
		}
	}
}

// TestEveryFlagHasAKey: each join flag but --config is a YAML key, and each
// key is a flag.
func TestEveryFlagHasAKey(t *testing.T) {
	flags := map[string]bool{}
	for _, f := range joinFlags() {
		flags[f.Names()[0]] = true
	}
	byFlag := map[string]settings.Field{}
	for _, fs := range defaultJoinSettings().fields() {
		for _, f := range fs {
			byFlag[f.Flag] = f
			if !flags[f.Flag] {
				t.Errorf("key %s has no flag --%s", f.Key, f.Flag)
			}
		}
	}
	for name := range flags {
		if _, ok := byFlag[name]; !ok && name != configFlag {
			t.Errorf("flag --%s has no YAML key", name)
		}
	}
}

// TestREADMEFlagTable: README's table for lkbot join lists exactly the
// join flags, each with its environment variable.
func TestREADMEFlagTable(t *testing.T) {
	rows := readmeJoinFlags(t)
	want := map[string]string{configFlag: ""}
	for _, fs := range defaultJoinSettings().fields() {
		for _, f := range fs {
			want[f.Flag] = f.Env
		}
	}
	for flag, env := range want {
		got, ok := rows[flag]
		if !ok {
			t.Errorf("README's join table lacks --%s", flag)
			continue
		}
		if got != env {
			t.Errorf("README's join table gives --%s env %q, want %q", flag, got, env)
		}
	}
	for flag := range rows {
		if _, ok := want[flag]; !ok {
			t.Errorf("README's join table lists --%s, which join does not have", flag)
		}
	}
}

var readmeFlagRow = regexp.MustCompile("^\\| `--([a-z0-9-]+)[^`]*` \\| (?:`([A-Z_]+)`)? *\\|")

// readmeJoinFlags reads the flag table under "### `lkbot join`": flag name
// to environment variable.
func readmeJoinFlags(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string]string{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "### `lkbot join`":
			in = true
		case in && strings.HasPrefix(line, "#"):
			return rows
		case in:
			if m := readmeFlagRow.FindStringSubmatch(line); m != nil {
				rows[m[1]] = m[2]
			}
		}
	}
	if len(rows) == 0 {
		t.Fatal("README has no flag table under ### `lkbot join`")
	}
	return rows
}

// TestExampleConfigs keeps the configs users copy valid.
func TestExampleConfigs(t *testing.T) {
	for _, path := range []string{"../../configs/bot.yaml"} {
		cmd := &cli.Command{Name: "join", Flags: joinFlags()}
		var got *joinSettings
		cmd.Action = func(_ context.Context, cmd *cli.Command) (err error) {
			got, err = loadJoinSettings(cmd)
			return err
		}
		if err := cmd.Run(t.Context(), []string{"join", "--config", path}); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !slices.Contains(got.CLI.AllowCommandsFrom, "server") || got.Bot.Room == "" {
			t.Errorf("%s: decoded %+v", path, got)
		}
	}
}
