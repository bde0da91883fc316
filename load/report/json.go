package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile writes r to path as indented JSON, through a temporary file in
// the same directory, so that a reader never sees half a report.
func WriteFile(path string, r *Report) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("report %s: %w", path, err)
	}
	return nil
}

// ErrSchema marks a report of another schema than this lkbot writes.
var ErrSchema = errors.New("unknown report schema")

// Decode reads a JSON report strictly: an unknown field, a value of the
// wrong type, data after it or another schema is an error on one line.
func Decode(data []byte) (*Report, error) {
	var head struct {
		Schema string `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("report: not JSON: %s", oneLine(err))
	}
	if head.Schema != Schema {
		return nil, fmt.Errorf("%w %q (want %q)", ErrSchema, head.Schema, Schema)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Report
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("report: %s", oneLine(err))
	}
	return &r, nil
}

func oneLine(err error) string {
	return string(bytes.ReplaceAll([]byte(err.Error()), []byte("\n"), []byte(" ")))
}

// CheckWritable refuses, before a run, a report path that could not be
// written at its end: a folder that is not there, or not writable.
func CheckWritable(path string) error {
	if path == "" {
		return nil
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a folder", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".lkbot-report-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", filepath.Dir(path), pathProblem(err))
	}
	name := f.Name()
	_ = f.Close()
	return os.Remove(name)
}

func pathProblem(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
