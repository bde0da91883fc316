package testpeer

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestLaunchNodeWithoutDeps(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "peer.mjs"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LaunchNode(NodeConfig{URL: "ws://127.0.0.1:1", Token: "x", Dir: dir})
	if !errors.Is(err, ErrDepsMissing) {
		t.Fatalf("err = %v, want ErrDepsMissing", err)
	}
}

// TestStampJS runs the JavaScript stamp codec's own tests.
func TestStampJS(t *testing.T) {
	if testing.Short() {
		t.Skip("runs node")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal(ErrNodeMissing)
	}
	cmd := exec.Command(node, "--test", "stamp.test.mjs")
	cmd.Dir = "node"
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node --test stamp.test.mjs: %v\n%s", err, out)
	}
}
