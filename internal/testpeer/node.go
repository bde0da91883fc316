package testpeer

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
)

const (
	leaveTimeout = 5 * time.Second // stdin EOF until the peer has left
	termTimeout  = 3 * time.Second // SIGTERM until SIGKILL
)

// NodeConfig describes one rtc-node peer.
type NodeConfig struct {
	URL   string // ws:// URL of the LiveKit server
	Token string // join token
	// Dir holds peer.mjs and node_modules; empty means internal/testpeer/node
	// under the repository root.
	Dir string
	// Output receives the peer's stderr and the stdout lines that are not
	// events (rtc-node's logs). Nil discards them.
	Output io.Writer
}

// NodePeer is a running node/peer.mjs process.
type NodePeer struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	writeMu sync.Mutex // one command line at a time
	events  *eventLog
	done    chan struct{} // closed after the process exited and stdout drained
	exitErr error         // cmd.Wait's result; read after done closes

	closeOnce sync.Once
	closeErr  error
}

// LaunchNode starts a peer as cfg describes. It does not wait for the peer to
// join; wait for its "connected" event.
func LaunchNode(cfg NodeConfig) (*NodePeer, error) {
	dir, err := nodeDir(cfg.Dir)
	if err != nil {
		return nil, err
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("start node peer: %w", ErrNodeMissing)
	}
	out := cfg.Output
	if out == nil {
		out = io.Discard
	}
	cmd := exec.Command(node, "peer.mjs", "--url", cfg.URL, "--token", cfg.Token)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NODE_ENV=production")
	cmd.Stderr = out
	setProcAttr(cmd)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("start node peer: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("start node peer: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start node peer: %w", err)
	}
	p := &NodePeer{cmd: cmd, stdin: stdin, events: newEventLog(), done: make(chan struct{})}
	go p.run(stdout, out)
	return p, nil
}

// nodeDir finds peer.mjs and checks that npm ci has run there.
func nodeDir(dir string) (string, error) {
	if dir == "" {
		root, err := lktest.RepoRoot()
		if err != nil {
			return "", fmt.Errorf("find node peer: %w", err)
		}
		dir = filepath.Join(root, "internal", "testpeer", "node")
	}
	if _, err := os.Stat(filepath.Join(dir, "peer.mjs")); err != nil {
		return "", fmt.Errorf("find node peer: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@livekit", "rtc-node")); err != nil {
		return "", fmt.Errorf("%s: %w", dir, ErrDepsMissing)
	}
	return dir, nil
}

// run owns the process: it reads stdout until EOF, then reaps the process.
func (p *NodePeer) run(stdout io.Reader, out io.Writer) {
	r := bufio.NewReader(stdout)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			if ev, perr := ParseEvent(line); perr == nil {
				ev.At = time.Now()
				p.events.add(ev)
			} else {
				_, _ = out.Write(line)
			}
		}
		if err != nil {
			break
		}
	}
	p.exitErr = p.cmd.Wait()
	p.events.close()
	close(p.done)
}

// Send writes cmd, one of this package's command types or any value that
// marshals to a JSON object with "cmd", as one line to the peer's stdin.
func (p *NodePeer) Send(cmd any) error {
	b, err := json.Marshal(cmd)
	if err != nil {
		return fmt.Errorf("send %T: %w", cmd, err)
	}
	p.writeMu.Lock()
	defer p.writeMu.Unlock()
	if _, err := p.stdin.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("send %T: %w (%w)", cmd, ErrExited, err)
	}
	return nil
}

// Done is closed once the peer process has exited.
func (p *NodePeer) Done() <-chan struct{} { return p.done }

// Close ends the peer: stdin EOF (the peer leaves the room), then SIGTERM,
// then SIGKILL. It waits for the process and is safe to call more than once.
func (p *NodePeer) Close() error {
	p.closeOnce.Do(func() { p.closeErr = p.stop() })
	return p.closeErr
}

func (p *NodePeer) stop() error {
	p.writeMu.Lock()
	_ = p.stdin.Close()
	p.writeMu.Unlock()
	if p.waitDone(leaveTimeout) {
		return p.exitError()
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	if p.waitDone(termTimeout) {
		return p.exitError()
	}
	_ = p.cmd.Process.Kill()
	<-p.done
	return fmt.Errorf("node peer did not exit within %v of stdin EOF and SIGTERM; killed", leaveTimeout+termTimeout)
}

func (p *NodePeer) waitDone(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.done:
		return true
	case <-t.C:
		return false
	}
}

func (p *NodePeer) exitError() error {
	if p.exitErr != nil {
		return fmt.Errorf("node peer: %w", p.exitErr)
	}
	return nil
}
