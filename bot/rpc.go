package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
)

// RPCTimeout is the longest an RPC may wait for its answer, and lksdk's own
// default. PerformRPC never lets lksdk wait longer, so Close, which waits
// for lksdk's call, waits at most this long for it; the command doors
// bound each command by it, and lkbot call uses it as --timeout's default.
const RPCTimeout = 15 * time.Second

// PerformRPC calls method on the participant with identity to and returns
// its response. An error from the other side keeps its code and message.
//
// lksdk (v2.19 and v2.20) publishes the request before it registers for
// the acknowledgement and the answer, so a callee that answers fast (on
// the same host, say) is now and then reported as "Connection timeout
// (code 1501)" although it answered. To command another lkbot, use
// command.Caller, which listens before it asks.
//
// lksdk's call cannot be cancelled: it ends when the answer comes or its
// own timeout passes, even after the bot has left (lksdk drops a left
// room's pending calls without answering them, so its timer ends them).
// That timeout is ctx's deadline, capped at RPCTimeout, so the call never
// outlives either, and it runs on a goroutine the bot owns: Close waits for
// it, at most RPCTimeout. PerformRPC itself returns as soon as ctx ends or
// the bot leaves.
func (b *Bot) PerformRPC(ctx context.Context, to, method, payload string) (string, error) {
	room, err := b.connectedRoom()
	if err != nil {
		return "", err
	}
	timeout := RPCTimeout
	if deadline, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(deadline))
	}
	if timeout <= 0 {
		return "", fmt.Errorf("rpc %s on %s: %w", method, to, context.DeadlineExceeded)
	}
	// lksdk sends RPC on the reliable data channel without waiting for it
	// to open (see waitDataOpen).
	if err := waitDataOpen(ctx, room, true, min(timeout, dataOpenTimeout)); err != nil {
		return "", fmt.Errorf("rpc %s on %s: %w", method, to, err)
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
