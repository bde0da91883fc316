package manifest

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzRead: any bytes either fail to decode or give a manifest that
// encodes and decodes to itself.
func FuzzRead(f *testing.F) {
	good, _ := json.Marshal(func() *Manifest { m := sample(); m.Version = Version; return m }())
	f.Add(good)
	f.Add([]byte(`{"version":"lkbot.record/v1","tracks":[{"files":null}]}`))
	f.Add([]byte(`{"version":"lkbot.record/v1","started":"2026-13-01T00:00:00Z"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decode(data)
		if err != nil {
			return
		}
		again, err := json.Marshal(m)
		if err != nil {
			return // a time outside what JSON can hold
		}
		m2, err := decode(again)
		if err != nil {
			t.Fatalf("re-decode %s: %v", again, err)
		}
		third, err := json.Marshal(m2)
		if err != nil || !bytes.Equal(again, third) {
			t.Fatalf("round trip changed the manifest:\n%s\n%s (%v)", again, third, err)
		}
	})
}
