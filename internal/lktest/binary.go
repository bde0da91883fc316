package lktest

import (
	"fmt"
	"os"
	"path/filepath"
)

// BinaryEnv names the environment variable that overrides the path of the
// livekit-server binary.
const BinaryEnv = "LKBOT_LIVEKIT_SERVER"

// FindBinary returns the path of the livekit-server binary: $LKBOT_LIVEKIT_SERVER
// if set, else bin/livekit-server under the repository root (the nearest
// directory above the working directory that holds go.mod).
func FindBinary() (string, error) {
	if p := os.Getenv(BinaryEnv); p != "" {
		return checkExecutable(p)
	}
	root, err := RepoRoot()
	if err != nil {
		return "", fmt.Errorf("find livekit-server: %w: %w", err, ErrBinaryNotFound)
	}
	return checkExecutable(filepath.Join(root, "bin", "livekit-server"))
}

// RepoRoot returns the nearest directory at or above the working directory
// that holds go.mod: the repository root when run by go test.
func RepoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("repo root: %w", err)
	}
	return repoRoot(wd)
}

// repoRoot walks up from dir to the first directory containing go.mod.
func repoRoot(dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("repo root: no go.mod at or above %s", dir)
		}
	}
}

func checkExecutable(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return "", fmt.Errorf("%s: %w", path, ErrBinaryNotFound)
	}
	return path, nil
}
