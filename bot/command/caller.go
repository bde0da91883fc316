package command

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/livekit/protocol/auth"

	"github.com/lkbot/lkbot/bot"
)

// ErrNoReply: the bot called did not answer in time.
var ErrNoReply = errors.New("no reply")

// Caller commands other bots through their data door: it sends a Request
// with a fresh id on CommandTopic and waits for the Reply with that id, on
// ReplyTopic, from the bot it called.
//
// It does not use LiveKit RPC: lksdk's PerformRpc (v2.19 and v2.20) sends
// the request before it registers for the answer, so a fast answer is lost
// and the call fails although the command ran. The Caller listens before
// it connects, so every reply finds its request.
type Caller struct {
	b *bot.Bot

	mu      sync.Mutex
	pending map[string]pendingCall
}

// pendingCall waits for the reply to one request, from the bot called.
type pendingCall struct {
	to     string
	answer chan callReply
}

// callReply is a Reply as the Caller reads it.
type callReply struct {
	ID     string          `json:"id"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *Error          `json:"error,omitempty"`
}

// CallerGrant is the least a Caller needs in room: join hidden, so that
// no participant sees it come and go, and send data; it may neither
// publish media nor subscribe. LiveKit strips a hidden participant's
// identity from its data, so a bot sees its commands as ServerCaller's.
func CallerGrant(room string) *auth.VideoGrant {
	yes, no := true, false
	return &auth.VideoGrant{
		RoomJoin:       true,
		Room:           room,
		Hidden:         true,
		CanPublish:     &no,
		CanSubscribe:   &no,
		CanPublishData: &yes,
	}
}

// NewCaller listens for replies on b; call it before b.Connect. b's token
// must grant canPublishData.
func NewCaller(b *bot.Bot) *Caller {
	c := &Caller{b: b, pending: map[string]pendingCall{}}
	b.HandleTopic(ReplyTopic, c.receive)
	return c
}

// Call runs method on the bot whose identity is to and returns its JSON
// result. A command that failed there is an *Error with its code; a bot
// that does not answer before ctx ends is ErrNoReply. Errors do not repeat
// method and to, which the caller knows.
func (c *Caller) Call(ctx context.Context, to, method string, params json.RawMessage) (json.RawMessage, error) {
	id := newRequestID()
	answer := make(chan callReply, 1)
	c.mu.Lock()
	c.pending[id] = pendingCall{to: to, answer: answer}
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
	}()
	body, err := json.Marshal(Request{ID: id, Method: method, Params: params, ReplyTo: c.b.Identity()})
	if err != nil {
		return nil, fmt.Errorf("encode request: %w", err)
	}
	if err := c.b.SendData(bot.DataMessage{Payload: body, Topic: CommandTopic, Reliable: true, Destinations: []string{to}}); err != nil {
		return nil, fmt.Errorf("send request: %w", err)
	}
	select {
	case r := <-answer:
		if r.Error != nil {
			return nil, r.Error
		}
		return r.Result, nil
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.Canceled) {
			return nil, fmt.Errorf("interrupted: %w", ctx.Err())
		}
		return nil, fmt.Errorf("%w in time", ErrNoReply)
	case <-c.b.Done():
		return nil, fmt.Errorf("the caller left: %w", bot.ErrNotConnected)
	}
}

// receive runs in the SDK's data callback: it only hands the reply over.
// A reply to no pending request (late, or not ours), or from anyone but
// the bot called, is dropped.
func (c *Caller) receive(from string, payload []byte) {
	var r callReply
	if err := json.Unmarshal(payload, &r); err != nil || r.ID == "" {
		return
	}
	c.mu.Lock()
	p, ok := c.pending[r.ID]
	if ok && p.to == from {
		delete(c.pending, r.ID)
	}
	c.mu.Unlock()
	if ok && p.to == from {
		p.answer <- r
	}
}

// newRequestID returns 16 random hex digits: ids never repeat, so a late
// reply cannot answer a later request.
func newRequestID() string {
	var buf [8]byte
	_, _ = rand.Read(buf[:])
	return hex.EncodeToString(buf[:])
}
