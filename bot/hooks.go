package bot

import (
	"fmt"

	lksdk "github.com/livekit/server-sdk-go/v2"
)

// TopicHandler receives the payload of a data packet on a topic the caller
// registered, with the sender's identity ("" when the server sent it).
type TopicHandler func(from string, payload []byte)

// HandleTopic calls h for every data packet on topic, in addition to the
// data_received event. Register handlers before Connect.
func (b *Bot) HandleTopic(topic string, h TopicHandler) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.topics == nil {
		b.topics = map[string]TopicHandler{}
	}
	b.topics[topic] = h
}

func (b *Bot) topicHandler(topic string) TopicHandler {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.topics[topic]
}

// RegisterRPC makes method callable by other participants with LiveKit RPC.
// Methods registered before Connect are installed when the room exists.
func (b *Bot) RegisterRPC(method string, h lksdk.RpcHandlerFunc) error {
	b.mu.Lock()
	if b.rpc == nil {
		b.rpc = map[string]lksdk.RpcHandlerFunc{}
	}
	b.rpc[method] = h
	room := b.room
	b.mu.Unlock()
	if room == nil {
		return nil
	}
	if err := room.RegisterRpcMethod(method, h); err != nil {
		return fmt.Errorf("register rpc %s: %w", method, err)
	}
	return nil
}

// installRPC registers the methods recorded before the room existed.
func (b *Bot) installRPC(room *lksdk.Room) error {
	b.mu.Lock()
	methods := make(map[string]lksdk.RpcHandlerFunc, len(b.rpc))
	for m, h := range b.rpc {
		methods[m] = h
	}
	b.mu.Unlock()
	for m, h := range methods {
		if err := room.RegisterRpcMethod(m, h); err != nil {
			return fmt.Errorf("register rpc %s: %w", m, err)
		}
	}
	return nil
}
