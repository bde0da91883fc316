// Package script runs QA scenarios: a timeline of steps, each at a time
// (at: 5s) or after the previous one (after: 2s), that run commands, wait
// for events and expect them, with loops. A run succeeds only if every step
// and expectation held.
package script

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/lkbot/lkbot/bot/command"
	"github.com/lkbot/lkbot/internal/settings"
)

// DefaultTimeout bounds wait_for and expect steps without a timeout.
const DefaultTimeout = 30 * time.Second

// Script is a scenario file.
type Script struct {
	Name  string `yaml:"name"`
	Steps []Step `yaml:"steps"`
}

// Step is one entry of the timeline. It has exactly one action: do (a
// command method, with params), wait_for, expect, or steps (a loop body
// run repeat times).
type Step struct {
	Name string `yaml:"name"`
	// At is the time since the script started; After, the time since the
	// previous step ended. At most one is set.
	At    Duration `yaml:"at"`
	After Duration `yaml:"after"`

	Do     string         `yaml:"do"`
	Params map[string]any `yaml:"params"`

	WaitFor Match `yaml:"wait_for"`
	Expect  Match `yaml:"expect"`
	// Timeout bounds wait_for and expect (default 30s).
	Timeout Duration `yaml:"timeout"`

	Repeat int    `yaml:"repeat"`
	Steps  []Step `yaml:"steps"`
}

// Duration is a time.Duration written as "5s" in YAML.
type Duration struct{ time.Duration }

// UnmarshalYAML reads a Go duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || v < 0 {
		return fmt.Errorf("line %d: %q is not a duration such as 5s", n.Line, n.Value)
	}
	d.Duration = v
	return nil
}

// Load reads and checks a scenario file.
func Load(path string) (*Script, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is said once, below
		}
		return nil, fmt.Errorf("script %s: %w", path, err)
	}
	s, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("script %s: %w", path, err)
	}
	return s, nil
}

// Decode parses and checks a scenario.
func Decode(data []byte) (*Script, error) {
	var s Script
	if err := settings.DecodeStrict(data, &s); err != nil {
		return nil, err
	}
	if len(s.Steps) == 0 {
		return nil, errors.New("no steps")
	}
	if err := validateSteps(s.Steps, "step"); err != nil {
		return nil, err
	}
	return &s, nil
}

func validateSteps(steps []Step, prefix string) error {
	for i := range steps {
		st := &steps[i]
		label := fmt.Sprintf("%s %d", prefix, i+1)
		if err := st.validate(label); err != nil {
			return err
		}
	}
	return nil
}

func (st *Step) validate(label string) error {
	actions := 0
	for _, set := range []bool{st.Do != "", st.WaitFor != nil, st.Expect != nil, len(st.Steps) > 0} {
		if set {
			actions++
		}
	}
	if actions != 1 {
		return fmt.Errorf("%s: want exactly one of do, wait_for, expect or steps, got %d", label, actions)
	}
	if st.At.Duration > 0 && st.After.Duration > 0 {
		return fmt.Errorf("%s: at and after are exclusive", label)
	}
	if st.Do != "" {
		if !knownMethod(st.Do) {
			return fmt.Errorf("%s: unknown method %q (want one of %v)", label, st.Do, command.Methods())
		}
		if err := checkParams(st.Do, st.Params); err != nil {
			return fmt.Errorf("%s: %w", st.describe(label), err)
		}
	}
	for _, m := range []Match{st.WaitFor, st.Expect} {
		if m != nil {
			if err := m.check(); err != nil {
				return fmt.Errorf("%s: %w", st.describe(label), err)
			}
		}
	}
	if st.Repeat < 0 || st.Repeat > 100000 {
		return fmt.Errorf("%s: repeat %d is out of range (0 to 100000)", label, st.Repeat)
	}
	if st.Repeat > 0 && len(st.Steps) == 0 {
		return fmt.Errorf("%s: repeat needs steps", label)
	}
	return validateSteps(st.Steps, label+" step")
}

func knownMethod(m string) bool {
	for _, k := range command.Methods() {
		if k == m {
			return true
		}
	}
	return false
}

// describe names a step for errors, e.g. `step 3 "greet" (wait_for type=data_received topic=chat)`.
func (st *Step) describe(label string) string {
	if st.Name != "" {
		label += fmt.Sprintf(" %q", st.Name)
	}
	switch {
	case st.Do != "":
		return fmt.Sprintf("%s (do %s)", label, st.Do)
	case st.WaitFor != nil:
		return fmt.Sprintf("%s (wait_for %s)", label, st.WaitFor)
	case st.Expect != nil:
		return fmt.Sprintf("%s (expect %s)", label, st.Expect)
	}
	return fmt.Sprintf("%s (repeat %d)", label, st.Repeat)
}
