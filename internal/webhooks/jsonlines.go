package webhooks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/utils/protojson"
)

// JSONLines returns an Emit function that writes each event to w as one
// line of JSON, in the form LiveKit sends it (protojson, lowerCamelCase
// field names). It is safe for concurrent requests.
func JSONLines(w io.Writer) func(*livekit.WebhookEvent) error {
	var mu sync.Mutex
	return func(ev *livekit.WebhookEvent) error {
		b, err := protojson.Marshal(ev)
		if err != nil {
			return fmt.Errorf("encode webhook event: %w", err)
		}
		var line bytes.Buffer
		// protojson's spacing varies on purpose; Compact also keeps it on one line.
		if err := json.Compact(&line, b); err != nil {
			return fmt.Errorf("encode webhook event: %w", err)
		}
		line.WriteByte('\n')
		mu.Lock()
		defer mu.Unlock()
		_, err = w.Write(line.Bytes())
		return err
	}
}
