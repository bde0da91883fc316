package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goInternals are words that only Go or its libraries say: a user should
// never have to read them.
var goInternals = regexp.MustCompile(`strconv\.|invalid syntax|parse error|bot\.Config|\[\]string|want (\[\]|\*|map\[|[a-z]+\.[A-Z])|` +
	`flag provided but not defined|No help topic|Required flags? "|(^|[ (])(time|yaml): |got (str|int|float|bool) "|image: unknown format|open /`)

// TestBadInputIsOneLine walks every kind of bad input a user can give
// before anything is sent: each is exit 2, one line, that starts with
// lkbot and the command, says what is wrong in plain words and names the
// flag or key.
func TestBadInputIsOneLine(t *testing.T) {
	for _, env := range []string{"LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "LIVEKIT_TOKEN", "LKBOT_HTTP_TOKEN"} {
		t.Setenv(env, "")
	}
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	notImage := write("notanimage.txt", "hello\n")
	out := filepath.Join(dir, "out.png")
	join := func(args ...string) []string {
		return append([]string{"join", "--url", "ws://127.0.0.1:1", "--api-key", "k", "--api-secret", "s", "--room", "r"}, args...)
	}
	server := func(args ...string) []string {
		return append(args, "--url", "http://127.0.0.1:1", "--api-key", "k", "--api-secret", "s")
	}
	// The token a user makes for a bot that may publish only its microphone.
	code, stdout, stderr := runCLI(t, "token", "--api-key", "devkey", "--api-secret", "secret", "--room", "r", "--identity", "x", "--can-publish-sources", "microphone")
	if code != exitOK {
		t.Fatalf("lkbot token: exit %d: %s", code, stderr)
	}
	micOnly := strings.TrimSpace(stdout)
	tests := []struct {
		name   string
		args   []string
		prefix string
		want   string
	}{
		{"blur without --in", []string{"blur", "--out", out}, "lkbot blur: ", "--in is required"},
		{"blur input not an image", []string{"blur", "--in", notImage, "--out", out}, "lkbot blur: ", "--in: " + notImage + " is not a JPEG or PNG image"},
		{"blur input missing", []string{"blur", "--in", filepath.Join(dir, "nope.png"), "--out", out}, "lkbot blur: ", "--in: cannot read " + filepath.Join(dir, "nope.png")},
		{"int flag not a number", join("--fps", "abc"), "lkbot join: ", `--fps: "abc" is not a whole number`},
		{"bool flag not a bool", join("--simulcast=maybe"), "lkbot join: ", `--simulcast: "maybe" is not true or false`},
		{"duration flag not a duration", server("room", "list", "--timeout", "abc"), "lkbot room list: ", `--timeout: "abc" is not a duration`},
		{"unsigned flag negative", server("room", "create", "--room", "r", "--max-participants", "-1"), "lkbot room create: ", `--max-participants: "-1" is not a whole number, 0 or more`},
		{"int flag too large", join("--fps", "99999999999999999999"), "lkbot join: ", "--fps: 99999999999999999999 is out of range"},
		{"int flag fractional", join("--fps", "30.5"), "lkbot join: ", `--fps: "30.5" is not a whole number`},
		{"unknown flag", join("--fpss", "3"), "lkbot join: ", "unknown flag --fpss (did you mean --fps?)"},
		{"unknown flag far from any", join("--zzzzzz", "3"), "lkbot join: ", "unknown flag --zzzzzz (see lkbot join --help)"},
		{"flag without value", []string{"join", "--fps"}, "lkbot join: ", "--fps needs a value"},
		{"config value of the wrong type", join("--config", write("type.yaml", "fps: thirty\n")), "lkbot join: ", `line 1: key "fps": want an integer, got "thirty"`},
		{"config fractional integer", join("--config", write("frac.yaml", "fps: 30.5\n")), "lkbot join: ", `line 1: key "fps": want an integer, got 30.5`},
		{"config integer too large", join("--config", write("huge.yaml", "video_bitrate: 99999999999999999999\n")), "lkbot join: ", `key "video_bitrate": 99999999999999999999 is out of range`},
		{"config fractional stride", join("--config", write("stride.yaml", "segmentation_stride: 2.5\n")), "lkbot join: ", `key "segmentation_stride": want an integer, got 2.5`},
		{"config number for a list", join("--config", write("list.yaml", "allow_commands_from: 3\n")), "lkbot join: ", `key "allow_commands_from": want a list, got 3`},
		{"unknown command", []string{"jion"}, "lkbot: ", `unknown command "jion" (did you mean "join"?)`},
		{"unknown subcommand", []string{"room", "lst"}, "lkbot room: ", `unknown command "lst" (did you mean "list"?)`},
		{"unknown subcommand before flags", []string{"room", "remove-participant", "--room", "demo"}, "lkbot room: ", `name one of its commands first: create, list`},
		{"help for an unknown command", []string{"help", "jion"}, "lkbot: ", `unknown command "jion"`},
		{"version flag on a command", []string{"join", "--version"}, "lkbot join: ", "unknown flag --version"},
		{"stray argument to join", join("extra"), "lkbot join: ", `unexpected argument "extra"`},
		{"stray argument to blur", []string{"blur", "--in", notImage, "--out", out, "extra"}, "lkbot blur: ", `unexpected argument "extra"`},
		{"stray argument to a server command", server("room", "list", "extra"), "lkbot room list: ", `unexpected argument "extra"`},
		{"background not an image", join("--background", notImage), "lkbot join: ", "background: " + notImage + " is not a JPEG or PNG image"},
		{"background without a camera", join("--camera", "none", "--background", testLake), "lkbot join: ", "background: needs a camera, but camera is none"},
		{"blur without a camera", join("--camera", "none", "--blur", "10"), "lkbot join: ", "blur: needs a camera, but camera is none"},
		{"egress file extension", server("egress", "start-room-composite", "--room", "r", "--file", "out.avi"), "lkbot egress start-room-composite: ", `file "out.avi" has an unknown extension (use .mp3, .mp4, .ogg`},
		{"track composite file extension", server("egress", "start-track-composite", "--room", "r", "--audio-track", "TR_1", "--file", "out.webm"), "lkbot egress start-track-composite: ", `file "out.webm" has an unknown extension`},
		{"token without the camera source", []string{"join", "--url", "ws://127.0.0.1:1", "--token", micOnly}, "lkbot join: ", "bad token: its canPublishSources (microphone) do not include camera, but camera is synthetic"},
		{"token for another identity", []string{"join", "--url", "ws://127.0.0.1:1", "--token", micOnly, "--camera", "none", "--identity", "y"}, "lkbot join: ", `bad token: it is for identity "x", not "y"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
			if code != exitUsage || len(lines) != 1 {
				t.Fatalf("exit %d with %d lines, want exit %d and one line: %q", code, len(lines), exitUsage, stderr)
			}
			if !strings.HasPrefix(lines[0], tt.prefix) || strings.HasPrefix(lines[0], tt.prefix+strings.TrimPrefix(tt.prefix, "lkbot ")) || !strings.Contains(lines[0], tt.want) {
				t.Fatalf("error line %q, want it to start with %q once and contain %q", lines[0], tt.prefix, tt.want)
			}
			if m := goInternals.FindString(lines[0]); m != "" {
				t.Fatalf("error line %q shows Go internals (%q)", lines[0], m)
			}
		})
	}
}

// TestVersion: --version prints one line with lkbot's version and commit
// and the versions of lksdk and pion/webrtc it was built with.
func TestVersion(t *testing.T) {
	code, stdout, stderr := runCLI(t, "--version")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	line := strings.TrimSuffix(stdout, "\n")
	re := regexp.MustCompile(`^lkbot \S+ \(commit \S+\) lksdk v2\.\d+\.\d+\S* pion/webrtc v4\.\d+\.\d+\S* go\S+$`)
	if !re.MatchString(line) {
		t.Fatalf("version line %q, want it to match %s", line, re)
	}
}

// TestHelpShowsWhatMatters: help marks required flags and shows the
// default of a boolean flag that is on unless turned off.
func TestHelpShowsWhatMatters(t *testing.T) {
	help := func(args ...string) string {
		code, stdout, stderr := runCLI(t, append(args, "--help")...)
		if code != exitOK {
			t.Fatalf("%v --help: exit %d: %s", args, code, stderr)
		}
		return stdout
	}
	flagLine := func(help, flag string) string {
		for _, l := range strings.Split(help, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), flag+" ") {
				return l
			}
		}
		t.Fatalf("no %s in help:\n%s", flag, help)
		return ""
	}
	for _, c := range []struct {
		args       []string
		flag, want string
	}{
		{[]string{"blur"}, "--in", "(required)"},
		{[]string{"blur"}, "--out", "(required)"},
		{[]string{"call"}, "--to", "(required)"},
		{[]string{"join"}, "--simulcast", "(default: true; --simulcast=false turns it off)"},
		{[]string{"token"}, "--can-publish", "(default: true; --can-publish=false turns it off)"},
		{[]string{"token"}, "--join", "(--join=false for an admin-only token) (default: true)"},
	} {
		if l := flagLine(help(c.args...), c.flag); !strings.Contains(l, c.want) {
			t.Errorf("lkbot %s --help: %q, want %q", c.args[0], strings.TrimSpace(l), c.want)
		}
	}
	if l := flagLine(help("join"), "--start-muted"); strings.Contains(l, "default") {
		t.Errorf("a flag that is off by default shows a default: %q", l)
	}
}

// FuzzUsageErrors gives any text as the value of flags of each type, and
// as a command name: lkbot either shows help or refuses it with one line
// that starts with lkbot, in plain words; it never panics and never
// reaches a server (none is given).
func FuzzUsageErrors(f *testing.F) {
	for _, env := range []string{"LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "LIVEKIT_TOKEN", "LKBOT_HTTP_TOKEN"} {
		f.Setenv(env, "")
	}
	for _, s := range []string{"abc", "30", "-1", "1e3", "30.5", "true", "a\nb", `"q"`, "--help", "1h", "k=v", "jion", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, args := range [][]string{
			{"join", "--fps", v}, {"join", "--simulcast=" + v}, {"join", "--blur", v}, {"join", "--attribute", v},
			{"room", "create", "--max-participants", v}, {"room", "list", "--timeout", v}, {"join", "--" + v}, {v}, {"room", v},
		} {
			var out, errOut syncBuffer
			code := run(append([]string{"lkbot"}, args...), &out, &errOut)
			stderr := errOut.String()
			if code == exitOK && stderr == "" {
				continue // help
			}
			lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
			if code != exitUsage || len(lines) != 1 || !strings.HasPrefix(lines[0], "lkbot") || goInternals.MatchString(lines[0]) {
				t.Fatalf("%q: exit %d, stderr %q", args, code, stderr)
			}
		}
	})
}
