package script

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/command"
)

// checkParams runs a do step's command against a target that does
// nothing, so that the command's own strict decoder checks the params
// before the bot joins. A ${field} is only known when the step runs: a
// complaint about a value that holds one waits until then.
func checkParams(method string, params map[string]any) error {
	raw, err := json.Marshal(keepReferences(params))
	if err != nil {
		return fmt.Errorf("params: %v", err)
	}
	d := command.NewDispatcher(inertTarget{}, command.AllowList{}, nil, nil)
	_, cerr := d.Dispatch(context.Background(), command.Call{Method: method, Params: raw, Caller: command.LocalCaller, Door: command.DoorScript})
	if cerr == nil || strings.Contains(cerr.Message, "${") {
		return nil
	}
	return fmt.Errorf("%s", cerr.Message)
}

// keepReferences returns params with every ${field} or $field written as
// ${field}, and $$ as $: the value the step would send, with the fields
// not yet filled in.
func keepReferences(params map[string]any) map[string]any {
	out := make(map[string]any, len(params))
	for k, v := range params {
		out[k] = expandValue(v, func(name string) string {
			if name == "$" {
				return "$"
			}
			return "${" + name + "}"
		})
	}
	return out
}

// expandValue expands the strings in v, however deep, with os.Expand.
func expandValue(v any, mapping func(string) string) any {
	switch x := v.(type) {
	case string:
		return os.Expand(x, mapping)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = expandValue(e, mapping)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = expandValue(e, mapping)
		}
		return out
	}
	return v
}

// inertTarget accepts every command and does nothing.
type inertTarget struct{}

var _ command.Target = inertTarget{}

func (inertTarget) SetMuted(livekit.TrackSource, bool) error               { return nil }
func (inertTarget) Publish(livekit.TrackSource) error                      { return nil }
func (inertTarget) Unpublish(livekit.TrackSource, bool) error              { return nil }
func (inertTarget) SetMetadata(context.Context, string) error              { return nil }
func (inertTarget) SetName(context.Context, string) error                  { return nil }
func (inertTarget) SetAttributes(context.Context, map[string]string) error { return nil }
func (inertTarget) SendData(bot.DataMessage) error                         { return nil }
func (inertTarget) Status() bot.Status                                     { return bot.Status{} }
func (inertTarget) Leave()                                                 {}
func (inertTarget) SetBlur(float64) error                                  { return nil }
func (inertTarget) SetBackground(string) error                             { return nil }
func (inertTarget) ClearProcessor()                                        {}
