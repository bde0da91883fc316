package lktest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindBinaryMissing(t *testing.T) {
	t.Setenv(BinaryEnv, filepath.Join(t.TempDir(), "livekit-server"))
	_, err := FindBinary()
	if !errors.Is(err, ErrBinaryNotFound) {
		t.Fatalf("err = %v, want ErrBinaryNotFound", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "make bin/livekit-server") || strings.Contains(msg, "\n") {
		t.Fatalf("message %q should be one line naming the make target", msg)
	}
}

func TestRepoRoot(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o700); err != nil {
		t.Fatal(err)
	}
	got, err := repoRoot(deep)
	if err != nil || got != root {
		t.Fatalf("repoRoot = %q, %v; want %q", got, err, root)
	}
}
