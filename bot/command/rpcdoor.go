package command

import (
	"encoding/json"
	"fmt"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/lkbot/lkbot/bot"
)

// RPCPrefix starts every method name the bot registers for LiveKit RPC, as
// in lkbot.mute.
const RPCPrefix = "lkbot."

// OpenRPCDoor registers every method as lkbot.<method> on b; commands run
// on w. A caller gets the JSON result, or an RPC error whose message is
// "<code>: <message>" and whose data is the JSON error object.
func OpenRPCDoor(d *Dispatcher, b *bot.Bot, w *Workers) error {
	for _, name := range Methods() {
		method := name
		handler := func(inv lksdk.RpcInvocationData) (string, error) {
			return answerRPC(d, w, method, inv)
		}
		if err := b.RegisterRPC(RPCPrefix+method, handler); err != nil {
			return err
		}
	}
	return nil
}

// answerRPC runs one RPC command on a worker and waits for its outcome.
//
// lksdk v2.19 calls RPC handlers on the reader goroutine of the reliable
// data channel (RTCEngine.handleDataPacket -> Room.OnRpcRequest), and
// sends what the handler returns as the reply; it has no public way to
// reply later. So this wait holds that reader: reliable data from every
// participant queues behind a running RPC command, lossy data does not.
// The hold lasts as long as the command, and never beyond the caller's
// response timeout, when the caller has given up anyway, nor beyond
// CommandTimeout; the command then finishes on its worker, where Close
// waits for it.
func answerRPC(d *Dispatcher, w *Workers, method string, inv lksdk.RpcInvocationData) (string, error) {
	timeout := inv.ResponseTimeout
	if timeout <= 0 || timeout > CommandTimeout {
		timeout = CommandTimeout
	}
	type outcome struct {
		result any
		err    *Error
	}
	done := make(chan outcome, 1)
	call := Call{Method: method, Params: json.RawMessage(inv.Payload), Caller: inv.CallerIdentity, Door: DoorRPC, ID: inv.RequestID}
	if call.Caller == "" {
		// A hidden participant: LiveKit strips its identity, as from its
		// data, so it is trusted as the server is; its answer has nowhere
		// to go, but the command event tells.
		call.Caller, call.FromServer = ServerCaller, true
	}
	w.dispatch(d, call, timeout, func(result any, err *Error) { done <- outcome{result, err} })
	expire := time.NewTimer(timeout)
	defer expire.Stop()
	select {
	case o := <-done:
		return rpcReply(o.result, o.err)
	case <-expire.C:
		return rpcReply(nil, errorf(CodeFailed, "still running after the caller's response timeout (%s)", timeout))
	}
}

// rpcReply encodes a command's outcome as an RPC response.
func rpcReply(result any, err *Error) (string, error) {
	if err != nil {
		data, _ := json.Marshal(err)
		s := string(data)
		return "", lksdk.NewRpcError(lksdk.RpcErrorCode(RPCCode(err.Code)), err.Error(), &s)
	}
	out, merr := json.Marshal(result)
	if merr != nil {
		return "", lksdk.NewRpcError(lksdk.RpcErrorCode(RPCCode(CodeFailed)), fmt.Sprintf("encode result: %v", merr), nil)
	}
	return string(out), nil
}
