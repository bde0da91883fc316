package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
)

// defaultRPCTimeout bounds a PerformRPC whose context has no deadline.
const defaultRPCTimeout = 10 * time.Second

// PerformRPC calls method on the participant with identity to and returns
// its response. An error from the other side keeps its code and message.
//
// lksdk's call cannot be cancelled: it ends when the answer comes or its
// own timeout passes. That timeout is ctx's deadline (10 s without one), so
// the call never outlives it, and it runs on a goroutine the bot owns:
// Close waits for it. PerformRPC itself returns as soon as ctx ends or the
// bot leaves.
func (b *Bot) PerformRPC(ctx context.Context, to, method, payload string) (string, error) {
	room, err := b.connectedRoom()
	if err != nil {
		return "", err
	}
	timeout := defaultRPCTimeout
	if deadline, ok := ctx.Deadline(); ok {
		timeout = time.Until(deadline)
	}
	if timeout <= 0 {
		return "", fmt.Errorf("rpc %s on %s: %w", method, to, context.DeadlineExceeded)
	}
	type answer struct {
		res *string
		err error
	}
	done := make(chan answer, 1)
	started := b.spawn(func() {
		res, err := room.LocalParticipant.PerformRpc(lksdk.PerformRpcParams{
			DestinationIdentity: to, Method: method, Payload: payload, ResponseTimeout: &timeout,
		})
		done <- answer{res, err}
	})
	if !started {
		return "", fmt.Errorf("rpc %s on %s: %w", method, to, ErrNotConnected)
	}
	var a answer
	select {
	case a = <-done:
	case <-ctx.Done():
		return "", fmt.Errorf("rpc %s on %s: %w", method, to, ctx.Err())
	case <-b.done:
		return "", fmt.Errorf("rpc %s on %s: %w", method, to, ErrNotConnected)
	}
	if a.err != nil {
		var rpcErr *lksdk.RpcError
		if errors.As(a.err, &rpcErr) {
			return "", fmt.Errorf("rpc %s on %s: %s (code %d)", method, to, rpcErr.Message, rpcErr.Code)
		}
		return "", fmt.Errorf("rpc %s on %s: %w", method, to, a.err)
	}
	if a.res == nil {
		return "", nil
	}
	return *a.res, nil
}
