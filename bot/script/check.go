package script

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/internal/typo"
)

// check tells whether m can ever match: its type is an event type and
// every key is one of that event's fields (or a field with _contains),
// with a value of the field's kind.
func (m Match) check() error {
	typ, ok := m["type"].(string)
	if !ok || typ == "" {
		return fmt.Errorf(`a match needs a "type", such as participant_joined`)
	}
	fields, ok := event.Fields(typ)
	if !ok {
		return fmt.Errorf("unknown event type %q%s", typ, suggest(typ, event.Types()))
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "type" {
			continue
		}
		name, contains := strings.CutSuffix(k, "_contains")
		ft, ok := fields[name]
		if !ok {
			return fmt.Errorf("%s has no field %q%s", typ, k, suggest(k, sortedKeys(fields)))
		}
		if contains {
			continue // any value: the field's text is searched for it
		}
		if want := kindName(ft); want != "" && kindName(reflect.TypeOf(m[k])) != want {
			got, _ := json.Marshal(m[k])
			return fmt.Errorf("%s.%s is %s, not %s", typ, k, want, got)
		}
	}
	return nil
}

// kindName names the JSON kind a value of t has: "a string", "true or
// false", "a number", or "" for lists and objects, which are compared as
// they are.
func kindName(t reflect.Type) string {
	if t == nil {
		return "null"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "a number"
	}
	return ""
}

func sortedKeys(m map[string]reflect.Type) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// suggest says which of known the misspelt s probably meant, or lists
// them all when none is close.
func suggest(s string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if d := typo.Distance(s, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return fmt.Sprintf(" (want one of %s)", strings.Join(known, ", "))
}
