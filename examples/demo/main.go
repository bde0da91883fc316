// Command demo shows lkbot end to end on one machine: it starts the pinned
// LiveKit server on loopback, runs a bot that publishes a synthetic camera
// and microphone, and a second bot that subscribes and prints what it
// receives, then stops everything. Run it with `make demo`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
)

func main() {
	duration := flag.Duration("duration", 20*time.Second, "how long the bots stay")
	flag.Parse()
	if err := run(*duration); err != nil {
		fmt.Fprintf(os.Stderr, "demo: %v\n", err)
		os.Exit(1)
	}
}

func run(duration time.Duration) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root, err := lktest.RepoRoot()
	if err != nil {
		return err
	}
	lkbot := filepath.Join(root, "bin", "lkbot")
	if _, err := os.Stat(lkbot); err != nil {
		return fmt.Errorf("%s missing: run make build", lkbot)
	}
	fmt.Println("starting livekit-server on 127.0.0.1 ...")
	srv, err := lktest.StartServer(ctx, lktest.Config{})
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Printf("server at %s\n\n", srv.URL())

	env := append(os.Environ(), "LIVEKIT_URL="+srv.URL(), "LIVEKIT_API_KEY="+srv.APIKey(), "LIVEKIT_API_SECRET="+srv.APISecret())
	secs := fmt.Sprintf("%ds", int(duration.Seconds()))
	publisher := exec.CommandContext(ctx, lkbot, "join", "--room", "demo", "--identity", "publisher",
		"--duration", secs, "--log-level", "warn")
	publisher.Env, publisher.Stderr = env, os.Stderr
	fmt.Println("publisher: lkbot join --room demo --identity publisher   (720p30 VP8 simulcast + Opus)")
	if err := publisher.Start(); err != nil {
		return fmt.Errorf("start publisher: %w", err)
	}
	time.Sleep(2 * time.Second)
	fmt.Println("viewer:    lkbot join --room demo --identity viewer --camera none --mic none --stats-interval 2s")
	fmt.Println()
	viewer := exec.CommandContext(ctx, lkbot, "join", "--room", "demo", "--identity", "viewer",
		"--camera", "none", "--mic", "none", "--stats-interval", "2s", "--duration", fmt.Sprintf("%ds", int(duration.Seconds())-3))
	viewer.Env, viewer.Stdout, viewer.Stderr = env, os.Stdout, os.Stdout
	if err := viewer.Run(); err != nil && !errors.Is(ctx.Err(), context.Canceled) {
		return fmt.Errorf("viewer: %w", err)
	}
	if err := publisher.Wait(); err != nil && !errors.Is(ctx.Err(), context.Canceled) {
		return fmt.Errorf("publisher: %w", err)
	}
	fmt.Println("\ndemo finished; server stopped")
	return nil
}
