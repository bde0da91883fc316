package record

import (
	"fmt"
	"strings"
)

// fileName names a track's file: participant, source, track SID and, for
// segments after the first, their number. Characters a file system might
// refuse become '_'.
func fileName(participant, source, sid string, segment int, ext string) string {
	name := safeName(participant) + "-" + source + "-" + safeName(sid)
	if segment > 0 {
		name += fmt.Sprintf("-%03d", segment)
	}
	return name + ext
}

func safeName(s string) string {
	if s == "" {
		return "_"
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		}
		return '_'
	}, strings.TrimLeft(s, "."))
}
