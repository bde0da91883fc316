package pulsetest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestStartListsMonitor(t *testing.T) {
	s := Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := s.Pactl(ctx, "list", "short", "sources")
	if err != nil {
		t.Fatalf("pactl: %v: %s", err, out)
	}
	if !strings.Contains(string(out), s.MonitorName()) {
		t.Fatalf("sources %q lack %s", out, s.MonitorName())
	}
	if err := s.PlayTone(ctx, 440, 0.2); err != nil {
		t.Fatal(err)
	}
}

func TestStopEndsServer(t *testing.T) {
	s := Start(t)
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if out, err := s.Pactl(ctx, "info"); err == nil {
		t.Fatalf("pactl info answered after Stop: %s", out)
	}
}

func TestEnvReachesChild(t *testing.T) {
	s := Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "pactl", "get-default-source")
	cmd.Env = append(os.Environ(), s.Env()...)
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != s.MonitorName() {
		t.Fatalf("default source = %q, %v; want %s", out, err, s.MonitorName())
	}
}
