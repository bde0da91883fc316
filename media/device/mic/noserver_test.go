package mic

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// noServerChild tells the test binary, re-run by TestNoAudioServer, to
// check what it finds in the environment it was given: libpulse and ALSA
// read theirs once per process, so each case runs in a process of its own.
const noServerChild = "LKBOT_MIC_NO_SERVER_CHILD"

func TestNoAudioServer(t *testing.T) {
	if os.Getenv(noServerChild) != "" {
		checkNoAudioServer(t)
		return
	}
	dir := t.TempDir()
	clientConf := filepath.Join(dir, "client.conf")
	emptyConf := filepath.Join(dir, "alsa.conf")
	if err := os.WriteFile(clientConf, []byte("autospawn = no\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(emptyConf, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	noPulse := []string{
		noServerChild + "=1",
		"PULSE_SERVER=unix:" + filepath.Join(dir, "no-such-socket"),
		"PULSE_CLIENTCONFIG=" + clientConf,
	}
	t.Run("empty ALSA config", func(t *testing.T) {
		runChild(t, append(noPulse, "ALSA_CONFIG_PATH="+emptyConf))
	})
	t.Run("no sound card", func(t *testing.T) {
		// ALSA's own config lists plugins (pulse, jack, rate converters)
		// even without a card; none of them may count as a microphone.
		if soundCardPresent() {
			t.Skip("this machine has a sound card")
		}
		runChild(t, noPulse)
	})
}

func runChild(t *testing.T, env []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestNoAudioServer$", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	t.Logf("%s", out)
}

func checkNoAudioServer(t *testing.T) {
	ctx := testContext(t)
	devs, err := List(ctx)
	checkNoServerErr(t, "List", err)
	if len(devs) != 0 {
		t.Errorf("List returned %+v", devs)
	}
	for _, name := range []string{"", "Monitor of Null Output"} {
		src, err := Open(ctx, name)
		if err == nil {
			src.Close()
		}
		checkNoServerErr(t, "Open("+name+")", err)
	}
}

func checkNoServerErr(t *testing.T, op string, err error) {
	t.Helper()
	if !errors.Is(err, ErrNoAudioServer) {
		t.Errorf("%s: err = %v, want ErrNoAudioServer", op, err)
		return
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("%s: message %q is not one line", op, err)
	}
}
