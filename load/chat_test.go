package load

import (
	"testing"
	"time"
)

func TestChatPayloadRoundTrip(t *testing.T) {
	at := time.Unix(1_790_000_000, 123456789)
	p := chatPayload(at)
	if len(p) != chatSize {
		t.Fatalf("payload %d bytes, want %d", len(p), chatSize)
	}
	got, err := chatSent(p)
	if err != nil || !got.Equal(at) {
		t.Fatalf("chatSent = %v, %v; want %v", got, err, at)
	}
	if _, err := chatSent(p[:7]); err == nil {
		t.Fatal("a 7-byte payload read as a chat message")
	}
}

func FuzzChatSent(f *testing.F) {
	f.Add(chatPayload(time.Unix(0, 0)))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, payload []byte) {
		if _, err := chatSent(payload); (err == nil) != (len(payload) >= 8) {
			t.Fatalf("chatSent(%d bytes): %v", len(payload), err)
		}
	})
}
