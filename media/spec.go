// Package media holds what lkbot's media comes from and goes to: source
// specs, synthetic sources, encoders and receive statistics.
package media

import (
	"fmt"
	"strings"
)

// SourceKind says where a track's media comes from.
type SourceKind int

// Source kinds, as written in a SPEC.
const (
	SourceNone SourceKind = iota
	SourceSynthetic
	SourceDevice
	SourceFile
)

// Spec is a parsed media SPEC: synthetic, none, device[:ID] or file:PATH.
type Spec struct {
	Kind SourceKind
	// Arg is the device ID or file path; empty for the default device.
	Arg string
}

// ParseSpec parses a SPEC. An empty string means none.
func ParseSpec(s string) (Spec, error) {
	name, arg, hasArg := strings.Cut(s, ":")
	switch name {
	case "", "none":
		if hasArg {
			break
		}
		return Spec{Kind: SourceNone}, nil
	case "synthetic":
		if hasArg {
			break
		}
		return Spec{Kind: SourceSynthetic}, nil
	case "device":
		if hasArg && arg == "" {
			return Spec{}, fmt.Errorf("source %q: device ID after ':' is empty", s)
		}
		return Spec{Kind: SourceDevice, Arg: arg}, nil
	case "file":
		if arg == "" {
			return Spec{}, fmt.Errorf("source %q: file needs a path, as in file:/path/to/video.ivf", s)
		}
		return Spec{Kind: SourceFile, Arg: arg}, nil
	}
	return Spec{}, fmt.Errorf("unknown source %q (want synthetic, none, device[:ID] or file:PATH)", s)
}

// String returns the SPEC as a user writes it.
func (s Spec) String() string {
	switch s.Kind {
	case SourceSynthetic:
		return "synthetic"
	case SourceDevice:
		if s.Arg == "" {
			return "device"
		}
		return "device:" + s.Arg
	case SourceFile:
		return "file:" + s.Arg
	}
	return "none"
}
