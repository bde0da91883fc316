package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Write replaces dir's manifest.json with m: it writes a temporary file in
// dir, syncs it, renames it over manifest.json and syncs dir, so that a
// reader sees the old manifest or the new one, never part of one, and a
// crash leaves one of the two. Concurrent Writes are safe; the last rename
// wins. An empty m.Version is written as Version.
func Write(dir string, m *Manifest) error {
	out := *m
	if out.Version == "" {
		out.Version = Version
	}
	data, err := json.MarshalIndent(&out, "", "  ")
	if err != nil {
		return fmt.Errorf("write manifest in %s: %w", dir, err)
	}
	if err := replace(dir, append(data, '\n')); err != nil {
		return fmt.Errorf("write manifest in %s: %w", dir, err)
	}
	return nil
}

// replace puts data in dir/FileName atomically.
func replace(dir string, data []byte) error {
	tmp, err := os.CreateTemp(dir, "."+FileName+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			_ = tmp.Close()
			_ = os.Remove(name)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(name, filepath.Join(dir, FileName)); err != nil {
		return err
	}
	ok = true
	return syncDir(dir)
}

// syncDir makes the rename durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Read reads a manifest file.
func Read(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	m, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("read manifest %s: %w", path, err)
	}
	return m, nil
}

// decode parses a manifest. Fields it does not know are ignored, so that a
// later writer of the same version may add some; a version other than
// Version is an error.
func decode(data []byte) (*Manifest, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("data after the manifest's object")
	}
	if m.Version != Version {
		return nil, fmt.Errorf("%w %q (want %q)", ErrVersion, m.Version, Version)
	}
	return &m, nil
}
