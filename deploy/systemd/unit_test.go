package systemd_test

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coreos/go-systemd/v22/unit"

	"github.com/lkbot/lkbot/bot"
)

const unitFile = "lkbot.service"

// readUnit parses lkbot.service as systemd does into section -> name ->
// the values, in order.
func readUnit(t *testing.T) map[string]map[string][]string {
	t.Helper()
	f, err := os.Open(unitFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opts, err := unit.DeserializeOptions(f)
	if err != nil {
		t.Fatalf("%s: %v", unitFile, err)
	}
	out := map[string]map[string][]string{}
	for _, o := range opts {
		if out[o.Section] == nil {
			out[o.Section] = map[string][]string{}
		}
		out[o.Section][o.Name] = append(out[o.Section][o.Name], o.Value)
	}
	return out
}

// TestUnitDirectives pins what makes the unit a supervised, locked-down
// kiosk: each directive is set once, to this value.
func TestUnitDirectives(t *testing.T) {
	u := readUnit(t)
	for _, tc := range []struct{ section, name, want, why string }{
		{"Service", "Type", "notify", "lkbot says when it has joined, and the watchdog needs it"},
		{"Service", "NotifyAccess", "main", "only lkbot itself may notify"},
		{"Service", "ExecStart", "/usr/local/bin/lkbot join --config /etc/lkbot/kiosk.yaml --rejoin", "the kiosk rejoins after it loses its session"},
		{"Service", "EnvironmentFile", "-/etc/lkbot/lkbot.env", "the connection comes from the env file"},
		{"Service", "Restart", "always", "a kiosk comes back whatever ended it"},
		{"Service", "RestartSec", "5", "a server that is down is not hammered"},
		{"Service", "WatchdogSec", "30", "a hung bot must be restarted"},
		{"Service", "TimeoutStopSec", "10", "a bot that cannot leave is killed soon"},
		{"Service", "KillSignal", "SIGTERM", "lkbot leaves its room on SIGTERM"},
		{"Service", "StateDirectory", "lkbot", "kiosk.yaml writes its events under /var/lib/lkbot"},
		{"Service", "LogsDirectory", "lkbot", "--log-file has a writable place"},
		{"Service", "DynamicUser", "yes", "the bot runs as no real user"},
		{"Service", "ProtectSystem", "strict", "the bot writes only its own directories"},
		{"Service", "ProtectHome", "yes", "the bot reads no home directory"},
		{"Service", "PrivateTmp", "yes", "the bot shares no /tmp"},
		{"Service", "NoNewPrivileges", "yes", "no setuid way up"},
		{"Service", "ProtectKernelTunables", "yes", "hardening"},
		{"Service", "ProtectKernelModules", "yes", "hardening"},
		{"Service", "ProtectControlGroups", "yes", "hardening"},
		{"Service", "LockPersonality", "yes", "hardening"},
		{"Service", "PrivateDevices", "no", "PrivateDevices=yes hides the camera and sound cards"},
		{"Install", "WantedBy", "multi-user.target", "systemctl enable starts it at boot"},
	} {
		got := u[tc.section][tc.name]
		switch {
		case len(got) == 0:
			t.Errorf("[%s] has no %s=%s (%s)", tc.section, tc.name, tc.want, tc.why)
		case len(got) > 1:
			t.Errorf("[%s] sets %s %d times (%q); set it once", tc.section, tc.name, len(got), got)
		case got[0] != tc.want:
			t.Errorf("[%s] %s=%s, want %s (%s)", tc.section, tc.name, got[0], tc.want, tc.why)
		}
	}
}

// TestUnitLists checks the directives that take lists, whichever way
// their values are split across lines.
func TestUnitLists(t *testing.T) {
	u := readUnit(t)
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"SupplementaryGroups", []string{"audio", "video"}},
		{"RestrictAddressFamilies", []string{"AF_INET", "AF_INET6", "AF_NETLINK", "AF_UNIX"}},
	} {
		var got []string
		for _, v := range u["Service"][tc.name] {
			got = append(got, strings.Fields(v)...)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s is %v, want %v", tc.name, got, tc.want)
		}
	}
	devices := slices.Sorted(slices.Values(u["Service"]["DeviceAllow"]))
	if want := []string{"char-alsa rw", "char-video4linux rw"}; !slices.Equal(devices, want) {
		t.Errorf("DeviceAllow is %q, want %q: the camera (/dev/video*) and ALSA (/dev/snd/*), nothing else", devices, want)
	}
}

// TestEnvExampleNamesWhatLkbotReads checks that lkbot.env.example sets
// exactly the connection variables of bot.Settings, with placeholders.
func TestEnvExampleNamesWhatLkbotReads(t *testing.T) {
	var want []string
	for _, s := range bot.Settings() {
		switch s.Key {
		case "url", "api_key", "api_secret":
			want = append(want, s.Env)
		}
	}
	slices.Sort(want)
	f, err := os.Open("lkbot.env.example")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []string
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		line := strings.TrimSpace(lines.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("lkbot.env.example: %q is not NAME=value", line)
		}
		if name == "LIVEKIT_API_SECRET" && !strings.HasPrefix(value, "REPLACE-") {
			t.Errorf("LIVEKIT_API_SECRET is %q; the example holds a placeholder, never a secret", value)
		}
		got = append(got, name)
	}
	if err := lines.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("lkbot.env.example sets %v, want %v", got, want)
	}
}

// TestUnitVerifies runs systemd-analyze verify, which knows every
// directive of the installed systemd, on the unit and on its commented
// LoadCredential variant. The binary is not installed here, so both run
// /bin/true instead; verify needs no root.
func TestUnitVerifies(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed")
	}
	if _, err := os.Stat("/bin/true"); err != nil {
		t.Skip("no /bin/true to stand in for lkbot")
	}
	data, err := os.ReadFile(unitFile)
	if err != nil {
		t.Fatal(err)
	}
	plain := strings.ReplaceAll(string(data), "/usr/local/bin/lkbot", "/bin/true")
	credentials := uncomment(plain, "#LoadCredential=", "#ExecStart=")
	if credentials == plain {
		t.Fatal("the unit has no commented LoadCredential variant")
	}
	for name, text := range map[string]string{"plain": plain, "credentials": credentials} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), unitFile)
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(analyze, "verify", path).CombinedOutput()
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) {
				t.Fatal(err)
			}
			// verify exits 0 on an unknown key and only warns, so any
			// line about the unit fails the test.
			for _, line := range strings.Split(string(out), "\n") {
				if strings.Contains(line, unitFile) {
					t.Errorf("systemd-analyze verify: %s", line)
				}
			}
			if err != nil {
				t.Errorf("systemd-analyze verify: %v\n%s", err, out)
			}
		})
	}
}

// uncomment removes the # of every line that starts with one of prefixes.
func uncomment(text string, prefixes ...string) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		for _, p := range prefixes {
			if strings.HasPrefix(line, p) {
				lines[i] = line[1:]
			}
		}
	}
	return strings.Join(lines, "\n")
}
