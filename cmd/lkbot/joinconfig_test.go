package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

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
// join flags, each with its environment variable and default.
func TestREADMEFlagTable(t *testing.T) {
	rows := readmeJoinFlags(t)
	want := map[string]readmeRow{configFlag: {}}
	for _, fs := range defaultJoinSettings().fields() {
		for _, f := range fs {
			want[f.Flag] = readmeRow{env: f.Env, def: readmeDefault(f)}
		}
	}
	// The identity's default is made when the bot starts.
	want["identity"] = readmeRow{def: "lkbot-<random>"}
	for flag, w := range want {
		got, ok := rows[flag]
		if !ok {
			t.Errorf("README's join table lacks --%s", flag)
			continue
		}
		if got != w {
			t.Errorf("README's join table gives --%s env %q default %q, want env %q default %q", flag, got.env, got.def, w.env, w.def)
		}
	}
	for flag := range rows {
		if _, ok := want[flag]; !ok {
			t.Errorf("README's join table lists --%s, which join does not have", flag)
		}
	}
}

var readmeFlagRow = regexp.MustCompile("^\\| `--([a-z0-9-]+)[^`]*` \\| (?:`([A-Z_]+)`)? *\\| (?:`([^`]*)`)? *\\|")

type readmeRow struct{ env, def string }

// readmeDefault is a setting's default as README's table writes it: empty
// for an empty string, list or mapping.
func readmeDefault(f settings.Field) string {
	switch f.Ptr.(type) {
	case *string, *[]string, *map[string]string:
		if f.Default == nil {
			return ""
		}
	case *time.Duration:
		d, _ := f.Default.(time.Duration)
		if d == 0 {
			return "0"
		}
		s := d.String() // 1m0s reads 1m, 1h0m0s reads 1h, 10s stays 10s
		for _, zero := range []string{"m0s", "h0m"} {
			if strings.HasSuffix(s, zero) {
				s = strings.TrimSuffix(s, zero[1:])
			}
		}
		return s
	}
	if f.Default == nil {
		return fmt.Sprint(reflect.Zero(reflect.TypeOf(f.Ptr).Elem()))
	}
	return fmt.Sprint(f.Default)
}

// readmeJoinFlags reads the flag table under "### `lkbot join`": flag name
// to environment variable and default.
func readmeJoinFlags(t *testing.T) map[string]readmeRow {
	t.Helper()
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string]readmeRow{}
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
				rows[m[1]] = readmeRow{env: m[2], def: m[3]}
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
	// kiosk.yaml takes its server and credentials from the environment.
	t.Setenv("LIVEKIT_URL", "ws://127.0.0.1:7880")
	t.Setenv("LIVEKIT_API_KEY", "devkey")
	t.Setenv("LIVEKIT_API_SECRET", "secret")
	for _, path := range []string{"../../configs/bot.yaml", "../../configs/kiosk.yaml"} {
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

// TestSecretsFrom: every setting marked secret is scrubbed from errors,
// whether given as a flag, in either form, or by its environment variable.
func TestSecretsFrom(t *testing.T) {
	t.Setenv("LKBOT_HTTP_TOKEN", "from-env-http")
	t.Setenv("LIVEKIT_API_SECRET", "")
	t.Setenv("LIVEKIT_TOKEN", "")
	got := secretsFrom([]string{"lkbot", "join", "--api-secret", "s1", "--token=t1", "-http-token", "h1", "--room", "not-secret"})
	for _, want := range []string{"s1", "t1", "h1", "from-env-http"} {
		if !slices.Contains(got, want) {
			t.Errorf("secretsFrom misses %q: %q", want, got)
		}
	}
	if slices.Contains(got, "not-secret") {
		t.Errorf("secretsFrom took a value that is not secret: %q", got)
	}
}

func TestDecodeJoinConfig(t *testing.T) {
	for _, tt := range []struct{ name, yaml, want string }{
		{"unknown key", "room: a\nfpss: 30\n", `config c.yaml: line 2: unknown key "fpss"`},
		{"wrong type", "room: a\nfps: fast\n", `config c.yaml: line 2: key "fps": want an integer, got "fast"`},
		{"cli key wrong type", "http_token: [a]\n", `line 1: key "http_token": want a string, got a list`},
		{"attributes wrong", "attributes: [a, b]\n", `line 1: key "attributes": want a mapping`},
		{"syntax", "room: [\n", "config c.yaml: line"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := defaultJoinSettings().decode("c.yaml", []byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
	s := defaultJoinSettings()
	good := "room: demo\nfps: 15\nsimulcast: false\nduration: 30s\nattributes:\n  role: tester\nlog_level: debug\n"
	if err := s.decode("c.yaml", []byte(good)); err != nil {
		t.Fatal(err)
	}
	if s.Bot.Room != "demo" || s.Bot.FPS != 15 || s.Bot.Simulcast || s.Bot.Duration != 30*time.Second ||
		s.Bot.Attributes["role"] != "tester" || s.Bot.VideoCodec != bot.CodecVP8 || s.CLI.LogLevel != "debug" {
		t.Fatalf("decoded %+v", s)
	}
}

func FuzzDecodeJoinConfig(f *testing.F) {
	f.Add([]byte("room: a\nfps: 30\nhttp: 127.0.0.1:1\n"))
	f.Add([]byte("attributes: {a: b}\nduration: 1s\nallow_commands_from: [x]\n"))
	f.Add([]byte("fps: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := defaultJoinSettings()
		if err := s.decode("f.yaml", data); err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error: %q", err)
		}
	})
}
