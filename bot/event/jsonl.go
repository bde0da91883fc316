package event

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// MarshalJSONLine encodes env as one JSON object with "time" and "type"
// first, then the event's own fields, and a trailing newline.
func MarshalJSONLine(env Envelope) ([]byte, error) {
	body, err := json.Marshal(env.Event)
	if err != nil {
		return nil, fmt.Errorf("encode %s event: %w", env.Event.Type(), err)
	}
	var b bytes.Buffer
	b.Grow(len(body) + 64)
	b.WriteString(`{"time":"`)
	b.WriteString(env.Time.UTC().Format(time.RFC3339Nano))
	b.WriteString(`","type":`)
	typ, _ := json.Marshal(env.Event.Type())
	b.Write(typ)
	if fields := bytes.TrimSpace(body[1 : len(body)-1]); len(fields) > 0 {
		b.WriteByte(',')
		b.Write(fields)
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// WriteJSONLines writes every event from sub to w, one line each, until the
// subscription's channel closes. It returns the first write error.
func WriteJSONLines(w io.Writer, sub *Subscription) error {
	for env := range sub.C {
		line, err := MarshalJSONLine(env)
		if err != nil {
			return err
		}
		if _, err := w.Write(line); err != nil {
			sub.Cancel()
			for range sub.C {
			}
			return fmt.Errorf("write events: %w", err)
		}
	}
	return nil
}
