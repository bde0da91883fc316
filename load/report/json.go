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
	return writeAtomic(path, append(data, '\n'))
}

// writeAtomic writes data to path through a temporary file beside it,
// renamed into place once complete.
func writeAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("report %s: %w", path, pathProblem(err))
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("report %s: %w", path, pathProblem(err))
	}
	return nil
}

// ErrSchema marks a report of another schema than this lkbot writes.
var ErrSchema = errors.New("unknown report schema")

// MaxFileSize bounds a report ReadFile reads: a day-long run's series and
// histograms take a few MB.
const MaxFileSize = 256 << 20

// Decode reads a JSON report strictly: an unknown field, a value of the
// wrong type, data after it or another schema is an error on one line.
func Decode(data []byte) (*Report, error) {
	r, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return r, nil
}

// ReadFile reads and decodes the report at path as Decode does; an error
// is one line that names the file.
func ReadFile(path string) (*Report, error) {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, fmt.Errorf("report %s: %w", path, pathProblem(err))
	case fi.IsDir():
		return nil, fmt.Errorf("report %s: is a folder", path)
	case fi.Size() > MaxFileSize:
		return nil, fmt.Errorf("report %s: %d bytes is more than a report holds (%d at most)", path, fi.Size(), MaxFileSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", path, pathProblem(err))
	}
	r, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", path, err)
	}
	return r, nil
}

func decode(data []byte) (*Report, error) {
	var head struct {
		Schema string `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("not JSON: %s", oneLine(err))
	}
	if head.Schema != Schema {
		return nil, fmt.Errorf("%w %q (want %q)", ErrSchema, head.Schema, Schema)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Report
	if err := dec.Decode(&r); err != nil {
		return nil, errors.New(oneLine(err))
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
