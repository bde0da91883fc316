package lktest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const (
	startAttempts = 3                // new ports after a bind race
	readyTimeout  = 20 * time.Second // from launch to HTTP 200
	stopTimeout   = 5 * time.Second  // from SIGTERM to SIGKILL
	forceAfter    = time.Second      // from SIGTERM to the second, forcing one
)

// Server is a running livekit-server process. Close stops it.
type Server struct {
	ports   Ports
	dir     string
	bin     string
	cfg     Config
	ownDir  bool
	logFile *os.File
	cmd     *exec.Cmd

	exited  chan struct{} // closed once the process has exited
	exitErr error         // cmd.Wait's result; read after exited closes

	closeOnce sync.Once
	closeErr  error
	killed    atomic.Bool // Kill ended the process on purpose
}

// StartServer launches livekit-server as cfg describes and returns once it
// answers HTTP. ctx bounds the startup only; the server runs until Close.
func StartServer(ctx context.Context, cfg Config) (*Server, error) {
	bin := cfg.Binary
	if bin == "" {
		var err error
		if bin, err = FindBinary(); err != nil {
			return nil, err
		}
	}
	dir, ownDir := cfg.Dir, false
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "lktest-"); err != nil {
			return nil, fmt.Errorf("start livekit-server: %w", err)
		}
		ownDir = true
	}
	var err error
	for range startAttempts {
		var s *Server
		s, err = launch(ctx, bin, dir, cfg)
		if err == nil {
			s.ownDir = ownDir
			return s, nil
		}
		if !errors.Is(err, errPortTaken) {
			break
		}
	}
	if ownDir {
		_ = os.RemoveAll(dir)
	}
	return nil, err
}

// launch runs one attempt: fresh ports, config file, process, readiness.
func launch(ctx context.Context, bin, dir string, cfg Config) (*Server, error) {
	ports, err := freePorts(cfg.RTCTCP)
	if err != nil {
		return nil, err
	}
	return launchOn(ctx, bin, dir, cfg, ports)
}

// Restart starts a new server on the same ports and directory, once this
// one has exited (Kill), as a crashed server coming back would: clients
// that kept its URL find it again. The new server appends to the same log.
func (s *Server) Restart(ctx context.Context) (*Server, error) {
	select {
	case <-s.exited:
	default:
		return nil, errors.New("restart livekit-server: it is still running (Kill it first)")
	}
	_ = s.logFile.Close()
	n, err := launchOn(ctx, s.bin, s.dir, s.cfg, s.ports)
	if err != nil {
		return nil, err
	}
	n.ownDir, s.ownDir = s.ownDir, false
	return n, nil
}

// launchOn runs livekit-server on ports and waits until it answers.
func launchOn(ctx context.Context, bin, dir string, cfg Config, ports Ports) (*Server, error) {
	yml, err := marshalConfig(cfg, ports)
	if err != nil {
		return nil, err
	}
	confPath := filepath.Join(dir, "livekit.yaml")
	if err := os.WriteFile(confPath, yml, 0o600); err != nil {
		return nil, fmt.Errorf("write livekit config: %w", err)
	}
	logFile, err := os.OpenFile(filepath.Join(dir, "server.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open livekit-server log: %w", err)
	}
	cmd := exec.Command(bin, "--dev", "--bind", "127.0.0.1", "--node-ip", "127.0.0.1", "--config", confPath)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if cfg.Output != nil {
		w := io.MultiWriter(logFile, cfg.Output)
		cmd.Stdout, cmd.Stderr = w, w
	}
	setProcAttr(cmd)
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &Server{ports: ports, dir: dir, bin: bin, cfg: cfg, logFile: logFile, cmd: cmd, exited: make(chan struct{})}
	go func() {
		s.exitErr = cmd.Wait()
		close(s.exited)
	}()
	if err := s.waitReady(ctx); err != nil {
		_ = s.stop()
		return nil, err
	}
	return s, nil
}

// URL is the WebSocket URL clients connect to.
func (s *Server) URL() string { return "ws://127.0.0.1:" + strconv.Itoa(s.ports.HTTP) }

// HTTPURL is the base URL of the server's HTTP (Twirp) API.
func (s *Server) HTTPURL() string { return "http://127.0.0.1:" + strconv.Itoa(s.ports.HTTP) }

// APIKey is the API key the server accepts.
func (s *Server) APIKey() string { return APIKey }

// APISecret is the secret that signs tokens for APIKey.
func (s *Server) APISecret() string { return APISecret }

// Ports are the ports this server listens on.
func (s *Server) Ports() Ports { return s.ports }

// LogPath is the file that holds the server's output.
func (s *Server) LogPath() string { return filepath.Join(s.dir, "server.log") }

// Close stops the server: SIGTERM, then SIGKILL after 5 s. It waits for the
// process to exit and is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.closeErr = s.stop()
		if s.ownDir {
			s.closeErr = errors.Join(s.closeErr, os.RemoveAll(s.dir))
		}
	})
	return s.closeErr
}

// Kill ends the server with SIGKILL, as a crash would: nobody gets a
// leave, and clients see their connections drop. It waits for the process
// to exit; Close then only cleans up.
func (s *Server) Kill() error {
	s.killed.Store(true)
	if err := s.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("kill livekit-server: %w", err)
	}
	<-s.exited
	return nil
}

// Freeze stops the server with SIGSTOP: to its clients the network has
// gone black, with no reset and no answer, until Thaw.
func (s *Server) Freeze() error { return s.signal(syscall.SIGSTOP) }

// Thaw resumes a frozen server with SIGCONT.
func (s *Server) Thaw() error { return s.signal(syscall.SIGCONT) }

// stop ends the process and closes the log file. A second SIGTERM after
// forceAfter makes livekit-server skip waiting for participants to leave.
func (s *Server) stop() error {
	defer s.logFile.Close()
	select {
	case <-s.exited:
		if s.killed.Load() {
			return nil
		}
		return fmt.Errorf("livekit-server had already exited: %w", s.exitErr)
	default:
	}
	if err := s.signal(syscall.SIGTERM); err != nil {
		return err
	}
	force := time.NewTimer(forceAfter)
	defer force.Stop()
	kill := time.NewTimer(stopTimeout)
	defer kill.Stop()
	for {
		select {
		case <-s.exited:
			return nil
		case <-force.C:
			if err := s.signal(syscall.SIGTERM); err != nil {
				return err
			}
		case <-kill.C:
			_ = s.cmd.Process.Kill()
			<-s.exited
			return fmt.Errorf("livekit-server ignored SIGTERM for %v and was killed", stopTimeout)
		}
	}
}

func (s *Server) signal(sig os.Signal) error {
	if err := s.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop livekit-server: %w", err)
	}
	return nil
}
