package testpeer

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// StartNode starts an rtc-node peer that joins url with token, and closes it
// in t.Cleanup. If the test fails, the peer's logs and its events other than
// frames are printed. A missing node or node_modules fails the test with a
// message that says to run make testdeps.
func StartNode(t testing.TB, url, token string) *NodePeer {
	t.Helper()
	out := &lockedBuffer{}
	p, err := LaunchNode(NodeConfig{URL: url, Token: token, Output: out})
	if err != nil {
		t.Fatalf("testpeer: %v", err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Logf("testpeer: %v", err)
		}
		if t.Failed() {
			t.Logf("node peer output:\n%s\nnode peer events:\n%s", out.String(), summary(p.Events()))
		}
	})
	return p
}

// summary lists events except frames, which it counts.
func summary(events []Event) string {
	var b strings.Builder
	frames := 0
	for _, e := range events {
		if e.Type == "frame" {
			frames++
			continue
		}
		fmt.Fprintf(&b, "  %s %s\n", e.At.Format("15:04:05.000"), e)
	}
	fmt.Fprintf(&b, "  (%d frame events)", frames)
	return b.String()
}

// lockedBuffer is a bytes.Buffer safe for concurrent writers and readers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
