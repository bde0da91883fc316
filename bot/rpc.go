package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
)

// PerformRPC calls method on the participant with identity to and returns
// its response. An error from the other side keeps its code and message.
func (b *Bot) PerformRPC(ctx context.Context, to, method, payload string) (string, error) {
	room, err := b.connectedRoom()
	if err != nil {
		return "", err
	}
	timeout := 10 * time.Second
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
	// The SDK's call cannot be cancelled; wait for it or for ctx, and let it
	// finish on its own within its timeout.
	done := make(chan answer, 1)
	go func() {
		res, err := room.LocalParticipant.PerformRpc(lksdk.PerformRpcParams{
			DestinationIdentity: to, Method: method, Payload: payload, ResponseTimeout: &timeout,
		})
		done <- answer{res, err}
	}()
	var res *string
	select {
	case a := <-done:
		res, err = a.res, a.err
	case <-ctx.Done():
		return "", fmt.Errorf("rpc %s on %s: %w", method, to, ctx.Err())
	}
	if err != nil {
		var rpcErr *lksdk.RpcError
		if errors.As(err, &rpcErr) {
			return "", fmt.Errorf("rpc %s on %s: %s (code %d)", method, to, rpcErr.Message, rpcErr.Code)
		}
		return "", fmt.Errorf("rpc %s on %s: %w", method, to, err)
	}
	if res == nil {
		return "", nil
	}
	return *res, nil
}
