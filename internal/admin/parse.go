package admin

import (
	"strings"

	"github.com/livekit/protocol/livekit"
)

// ParseAttributes reads k=v pairs into a map. An empty value is allowed
// (LiveKit removes that attribute on update); an empty key, a pair without
// "=" or a key given twice is an error.
func ParseAttributes(pairs []string) (map[string]string, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(pairs))
	for _, kv := range pairs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, invalid("attribute", "%q is not k=v", kv)
		}
		if _, dup := out[k]; dup {
			return nil, invalid("attribute", "key %q is given twice", k)
		}
		out[k] = v
	}
	return out, nil
}

// sourceNames are the track sources by the names lkbot uses everywhere.
var sourceNames = map[string]livekit.TrackSource{
	"camera":             livekit.TrackSource_CAMERA,
	"microphone":         livekit.TrackSource_MICROPHONE,
	"screen_share":       livekit.TrackSource_SCREEN_SHARE,
	"screen_share_audio": livekit.TrackSource_SCREEN_SHARE_AUDIO,
}

// ParseSource reads one track source name: camera, microphone,
// screen_share or screen_share_audio (case-insensitive; "-" may stand for
// "_").
func ParseSource(name string) (livekit.TrackSource, error) {
	key := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "-", "_")
	if s, ok := sourceNames[key]; ok {
		return s, nil
	}
	return livekit.TrackSource_UNKNOWN, invalid("source", "%q is unknown (want camera, microphone, screen_share or screen_share_audio)", name)
}

// ParseSources reads a list of source names, each item possibly itself a
// comma-separated list. The word "any" (alone) gives the empty list: no
// limit. It never returns nil without an error, so that a caller can tell
// "the empty list" from "not given". Duplicates collapse.
func ParseSources(items []string) ([]livekit.TrackSource, error) {
	out := []livekit.TrackSource{}
	seen := map[livekit.TrackSource]bool{}
	if len(items) == 1 && strings.EqualFold(strings.TrimSpace(items[0]), "any") {
		return out, nil
	}
	for _, item := range items {
		for name := range strings.SplitSeq(item, ",") {
			if strings.TrimSpace(name) == "" {
				continue
			}
			s, err := ParseSource(name)
			if err != nil {
				return nil, err
			}
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out, nil
}

// SourceName is the lower-case name of a track source ("unknown" for 0).
func SourceName(s livekit.TrackSource) string {
	return strings.ToLower(s.String())
}
