package script

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/lkbot/lkbot/bot/event"
)

// Match selects events by their JSON fields: every key must equal the
// event's field, except keys ending in _contains, which need the field (the
// key without the suffix) to contain the value. "type" is required.
//
//	{type: participant_joined, identity: alice}
//	{type: data_received, topic: chat, text_contains: hello}
type Match map[string]any

// String lists the match's fields in a stable order.
func (m Match) String() string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%s", quoteIfNeeded(k), quoteIfNeeded(fmt.Sprint(m[k]))))
	}
	return strings.Join(parts, " ")
}

// quoteIfNeeded quotes s when it is empty or holds spaces, quotes or
// control characters, so that a step's description stays one line.
func quoteIfNeeded(s string) string {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == '"' || r == 0x7f || r == '=' }) {
		return strconv.Quote(s)
	}
	return s
}

// Matches reports whether env's event has every field of m.
func (m Match) Matches(env event.Envelope) bool {
	if env.Event.Type() != m["type"] {
		return false
	}
	fields := fieldsOf(env)
	for k, want := range m {
		if k == "type" {
			continue
		}
		if base, ok := strings.CutSuffix(k, "_contains"); ok {
			if !strings.Contains(fmt.Sprint(fields[base]), fmt.Sprint(want)) {
				return false
			}
			continue
		}
		if !equalJSON(fields[k], want) {
			return false
		}
	}
	return true
}

// equalJSON compares an event field with a YAML value by their JSON forms,
// so 3 matches 3.0 and true matches true.
func equalJSON(got, want any) bool {
	a, err1 := json.Marshal(got)
	b, err2 := json.Marshal(normalise(want))
	return err1 == nil && err2 == nil && string(a) == string(b)
}

// normalise turns YAML's map[any]any-free values into JSON-comparable ones:
// integers become float64 as encoding/json decodes them.
func normalise(v any) any {
	switch x := v.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	}
	return v
}
