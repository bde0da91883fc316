package pulsetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Names of what the server's script creates.
const (
	SinkName    = "lkbot_sink"
	monitorName = SinkName + ".monitor"
)

// startTimeout bounds the wait for the server to answer pactl.
const startTimeout = 15 * time.Second

// Server is a running pulseaudio process with a private socket, home and
// runtime directory. Start's cleanup stops it.
type Server struct {
	dir    string
	socket string
	log    string
	cmd    *exec.Cmd
	exited chan struct{} // closed once the process has been reaped
}

// Start runs pulseaudio in user space with a null sink named SinkName and
// waits until pactl answers. It runs as root too (pulseaudio only warns).
// A missing binary fails t: these tests must not pass by skipping.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("pulseaudio")
	if err != nil {
		t.Fatal("pulseaudio not installed: run make testdeps")
	}
	if _, err := exec.LookPath("pactl"); err != nil {
		t.Fatal("pactl not installed: run make testdeps")
	}
	// A unix socket path must fit in 108 bytes, which t.TempDir() under a
	// long test name may not; a short directory of our own does.
	dir, err := os.MkdirTemp("", "lkpulse")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s := &Server{dir: dir, socket: filepath.Join(dir, "native"), log: filepath.Join(dir, "pulseaudio.log"), exited: make(chan struct{})}
	if err := s.writeConfig(); err != nil {
		t.Fatal(err)
	}
	if err := s.run(bin); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Error(err)
		}
		if t.Failed() {
			s.dumpLog(t)
		}
	})
	if err := s.waitReady(); err != nil {
		s.dumpLog(t)
		t.Fatal(err)
	}
	return s
}

func (s *Server) writeConfig() error {
	for _, d := range []string{"home", "run", "state"} {
		if err := os.MkdirAll(filepath.Join(s.dir, d), 0o700); err != nil {
			return err
		}
	}
	script := strings.Join([]string{
		fmt.Sprintf("load-module module-native-protocol-unix socket=%s auth-anonymous=1", s.socket),
		"load-module module-null-sink sink_name=" + SinkName,
		"set-default-sink " + SinkName,
		"set-default-source " + monitorName,
		"",
	}, "\n")
	if err := os.WriteFile(filepath.Join(s.dir, "server.pa"), []byte(script), 0o600); err != nil {
		return err
	}
	// Clients must never start a pulseaudio of their own.
	return os.WriteFile(filepath.Join(s.dir, "client.conf"), []byte("autospawn = no\n"), 0o600)
}

func (s *Server) run(bin string) error {
	logf, err := os.Create(s.log)
	if err != nil {
		return err
	}
	defer logf.Close()
	s.cmd = exec.Command(bin,
		"--system=false", "-n", "--daemonize=no", "--use-pid-file=false",
		"--exit-idle-time=-1", "--disallow-exit", "--realtime=false", "--high-priority=false",
		"--log-target=stderr", "--log-level=notice",
		"-F", filepath.Join(s.dir, "server.pa"))
	s.cmd.Env = append(s.serverEnv(), s.Env()...)
	// A file, not a pipe, so that exec starts no copying goroutine.
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start pulseaudio: %w", err)
	}
	go func() {
		s.cmd.Wait()
		close(s.exited)
	}()
	return nil
}

// serverEnv keeps the server away from the real user's home and runtime
// directory (and from any session bus).
func (s *Server) serverEnv() []string {
	env := []string{
		"HOME=" + filepath.Join(s.dir, "home"),
		"XDG_RUNTIME_DIR=" + filepath.Join(s.dir, "run"),
		"XDG_CONFIG_HOME=" + filepath.Join(s.dir, "home"),
		"PULSE_STATE_PATH=" + filepath.Join(s.dir, "state"),
		"DBUS_SESSION_BUS_ADDRESS=disabled:",
	}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k == "PATH" || k == "LANG" || k == "LC_ALL" {
			env = append(env, kv)
		}
	}
	return env
}

func (s *Server) waitReady() error {
	deadline := time.Now().Add(startTimeout)
	var lastErr error
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return fmt.Errorf("pulseaudio exited at start: %v", s.cmd.ProcessState)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		out, err := s.Pactl(ctx, "info")
		cancel()
		if err == nil {
			return nil
		}
		lastErr = fmt.Errorf("%w: %s", err, out)
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("pulseaudio did not answer within %v: %v", startTimeout, lastErr)
}

// Pactl runs pactl against this server and returns its combined output.
func (s *Server) Pactl(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "pactl", args...)
	cmd.Env = append(os.Environ(), s.Env()...)
	return cmd.CombinedOutput()
}

// Env returns what a client process needs to reach this server, and only
// this one.
func (s *Server) Env() []string {
	return []string{
		"PULSE_SERVER=unix:" + s.socket,
		"PULSE_CLIENTCONFIG=" + filepath.Join(s.dir, "client.conf"),
		"PULSE_RUNTIME_PATH=" + filepath.Join(s.dir, "run", "pulse"),
		"PULSE_SINK=" + SinkName,
		"PULSE_SOURCE=" + monitorName,
	}
}

// Setenv points this process's PulseAudio clients at the server for the
// rest of t.
func (s *Server) Setenv(t testing.TB) {
	t.Helper()
	for _, kv := range s.Env() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
}

// MonitorName returns the name of the null sink's monitor source, the
// capture device that hears what PlayTone plays.
func (s *Server) MonitorName() string { return monitorName }

// Stop ends the server now (SIGTERM, then SIGKILL after 5 s) and waits for
// it. Tests call it to make a device go away; Start's cleanup calls it
// again, which is harmless.
func (s *Server) Stop() error {
	select {
	case <-s.exited:
		return nil
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop pulseaudio: %w", err)
	}
	select {
	case <-s.exited:
		return nil
	case <-time.After(5 * time.Second):
	}
	s.cmd.Process.Kill()
	<-s.exited
	return nil
}

func (s *Server) dumpLog(t testing.TB) {
	t.Helper()
	if b, err := os.ReadFile(s.log); err == nil {
		t.Logf("pulseaudio log:\n%s", b)
	}
}
