package script

import (
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/lkbot/lkbot/bot/event"
)

// fieldRef is ${field} in a string param: the field of the event that the
// last wait_for matched, as in payload: "echo: ${text}".
var fieldRef = regexp.MustCompile(`\$\{([a-z_]+)\}`)

// substitute returns params with every ${field} in its strings replaced.
func substitute(params map[string]any, fields map[string]any) map[string]any {
	if params == nil {
		return nil
	}
	out := make(map[string]any, len(params))
	for k, v := range params {
		out[k] = substituteValue(v, fields)
	}
	return out
}

func substituteValue(v any, fields map[string]any) any {
	switch x := v.(type) {
	case string:
		return fieldRef.ReplaceAllStringFunc(x, func(ref string) string {
			name := fieldRef.FindStringSubmatch(ref)[1]
			if f, ok := fields[name]; ok {
				return fmt.Sprint(f)
			}
			return ""
		})
	case map[string]any:
		return substitute(x, fields)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = substituteValue(e, fields)
		}
		return out
	}
	return v
}

// fieldsOf returns an event's JSON fields.
func fieldsOf(env event.Envelope) map[string]any {
	raw, err := json.Marshal(env.Event)
	if err != nil {
		return nil
	}
	var fields map[string]any
	_ = json.Unmarshal(raw, &fields)
	return fields
}
