// Package settings describes each setting of a config struct once, in a
// table: its YAML key, the flag and environment variable that override it,
// its default, its check and its help. The CLI's flags, the strict YAML
// decoder, the defaults and validation all come from that table, so a
// setting cannot be spelled two ways or defaulted in two places.
package settings

import (
	"fmt"
	"strings"
	"time"
)

// Setting describes one field of a config struct C.
type Setting[C any] struct {
	// Key is the YAML key, in snake_case. The flag is Key with dashes,
	// unless Flag is set.
	Key string
	// Flag overrides the flag's name, for a setting whose flag is repeated
	// once per value (--attribute k=v for attributes).
	Flag string
	// Env is the environment variable that sets the flag, if any.
	Env string
	// Arg names the flag's value in help, such as WxH or FILE.
	Arg string
	// Usage is the one-line help.
	Usage string
	// Field returns a pointer to the field in c: *string, *bool, *int,
	// *float64, *time.Duration, *[]string or *map[string]string.
	Field func(c *C) any
	// Default is the field's default, of the field's type; nil is the zero
	// value.
	Default any
	// Check validates the field, and may look at other fields; its error
	// follows "key: " in the message Validate returns.
	Check func(c *C) error
	// Secret marks a value that must never appear in a log, an event or an
	// error (a key's secret, a token).
	Secret bool
}

// FlagName is the setting's command-line flag, without dashes in front.
func (s Setting[C]) FlagName() string {
	if s.Flag != "" {
		return s.Flag
	}
	return strings.ReplaceAll(s.Key, "_", "-")
}

// Table is every setting of C, in the order help lists them.
type Table[C any] []Setting[C]

// Defaults sets every field of c to its default.
func (t Table[C]) Defaults(c *C) {
	for _, s := range t {
		if err := assign(s.Field(c), s.Default); err != nil {
			panic(fmt.Sprintf("settings: %s: %v", s.Key, err)) // a table bug, caught by TestTable
		}
	}
}

// Validate runs each setting's check in table order and returns the first
// failure as "key: problem".
func (t Table[C]) Validate(c *C) error {
	for _, s := range t {
		if s.Check == nil {
			continue
		}
		if err := s.Check(c); err != nil {
			return fmt.Errorf("%s: %w", s.Key, err)
		}
	}
	return nil
}

// Fields binds the table to c: each Field points into c.
func (t Table[C]) Fields(c *C) []Field {
	out := make([]Field, len(t))
	for i, s := range t {
		out[i] = Field{Key: s.Key, Flag: s.FlagName(), Env: s.Env, Arg: s.Arg, Usage: s.Usage, Default: s.Default, Secret: s.Secret, Ptr: s.Field(c)}
	}
	return out
}

// Check tests the table itself: keys unique and snake_case, fields of a
// supported type, defaults of the field's type. Tests call it.
func (t Table[C]) Check() error {
	seen := map[string]bool{}
	var zero C
	for _, s := range t {
		if s.Key == "" || s.Key != strings.ToLower(s.Key) || strings.Contains(s.Key, "-") {
			return fmt.Errorf("settings: key %q is not snake_case", s.Key)
		}
		if seen[s.Key] || seen["flag:"+s.FlagName()] {
			return fmt.Errorf("settings: %s: defined twice", s.Key)
		}
		seen[s.Key], seen["flag:"+s.FlagName()] = true, true
		if s.Usage == "" {
			return fmt.Errorf("settings: %s: no usage", s.Key)
		}
		if err := assign(s.Field(&zero), s.Default); err != nil {
			return fmt.Errorf("settings: %s: %w", s.Key, err)
		}
	}
	return nil
}

// Field is a setting bound to one config value.
type Field struct {
	Key, Flag, Env, Arg, Usage string
	Default                    any
	Secret                     bool
	// Ptr points at the value: see Setting.Field for its types.
	Ptr any
}

// assign sets *ptr to v, or to the zero value when v is nil.
func assign(ptr, v any) error {
	switch p := ptr.(type) {
	case *string:
		return set(p, v)
	case *bool:
		return set(p, v)
	case *int:
		return set(p, v)
	case *float64:
		return set(p, v)
	case *time.Duration:
		return set(p, v)
	case *[]string:
		return set(p, v)
	case *map[string]string:
		return set(p, v)
	}
	return fmt.Errorf("unsupported field type %T", ptr)
}

func set[T any](p *T, v any) error {
	if v == nil {
		var zero T
		*p = zero
		return nil
	}
	t, ok := v.(T)
	if !ok {
		return fmt.Errorf("default %v is a %T, want %T", v, v, *p)
	}
	*p = t
	return nil
}

// Secrets returns the values of the secret fields that are set.
func Secrets(fields ...[]Field) []string {
	var out []string
	for _, fs := range fields {
		for _, f := range fs {
			if v, ok := f.Ptr.(*string); ok && f.Secret && *v != "" {
				out = append(out, *v)
			}
		}
	}
	return out
}
