package script

import (
	"encoding/json"
	"fmt"

	"github.com/lkbot/lkbot/bot/event"
)

// substitute returns params with every ${field} (or $field) in its strings
// replaced by the field of the event that the last wait_for matched, as in
// payload: "echo: ${text}". A field the event lacks becomes empty; $$ is a
// literal $. The syntax is os.Expand's, the shell's.
func substitute(params map[string]any, fields map[string]any) map[string]any {
	if params == nil {
		return nil
	}
	fill := func(name string) string {
		if name == "$" {
			return "$"
		}
		if f, ok := fields[name]; ok {
			return fmt.Sprint(f)
		}
		return ""
	}
	out := make(map[string]any, len(params))
	for k, v := range params {
		out[k] = expandValue(v, fill)
	}
	return out
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
