package command

import (
	"context"
	"encoding/json"

	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot"
)

// RPCPrefix starts every method name the bot registers for LiveKit RPC, as
// in lkbot.mute.
const RPCPrefix = "lkbot."

// OpenRPCDoor registers every method as lkbot.<method> on b. A caller gets
// the JSON result, or an RPC error whose message is "<code>: <message>" and
// whose data is the JSON error object.
func OpenRPCDoor(d *Dispatcher, b *bot.Bot) error {
	for _, name := range Methods() {
		method := name
		handler := func(inv lksdk.RpcInvocationData) (string, error) {
			ctx := context.Background()
			if inv.ResponseTimeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, inv.ResponseTimeout)
				defer cancel()
			}
			result, err := d.Dispatch(ctx, Call{Method: method, Params: json.RawMessage(inv.Payload), Caller: inv.CallerIdentity, Door: DoorRPC, ID: inv.RequestID})
			if err != nil {
				data, _ := json.Marshal(err)
				s := string(data)
				return "", lksdk.NewRpcError(lksdk.RpcErrorCode(RPCCode(err.Code)), err.Error(), &s)
			}
			out, merr := json.Marshal(result)
			if merr != nil {
				return "", lksdk.NewRpcError(lksdk.RpcErrorCode(RPCCode(CodeFailed)), "encode result: "+merr.Error(), nil)
			}
			return string(out), nil
		}
		if err := b.RegisterRPC(RPCPrefix+method, handler); err != nil {
			return err
		}
	}
	return nil
}
