package bot

import (
	"context"
	"errors"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/interceptor"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/internal/logging"
	"github.com/lkbot/lkbot/media/impair"
	"github.com/lkbot/lkbot/media/retransmit"
)

// errConnectTimeout is the cause of a join context whose connect timeout
// ran out, to tell it from the caller's cancellation.
var errConnectTimeout = errors.New("connect timeout")

// join joins room within the configured connect timeout, and returns as
// soon as ctx ends. lksdk honours the context only in part: its WebSocket
// handshake (gorilla/websocket) heeds the deadline but not cancellation,
// after a failed dial it asks the server's validate endpoint why on a
// context of its own (3 s), and it waits for the peer connection without
// looking at the context. So the SDK's join runs on a goroutine of its
// own. When join gives up on it, that goroutine waits for the SDK to
// return, which the connect timeout plus 3 s bounds, and leaves the room
// if the join got in after all, so that no participant is left behind.
func (b *Bot) join(ctx context.Context, room *lksdk.Room) error {
	joinCtx, cancel := context.WithTimeoutCause(ctx, b.cfg.ConnectTimeout, errConnectTimeout)
	defer cancel()
	result := make(chan error)
	abandoned := make(chan struct{})
	go func() {
		err := room.JoinWithContextAndToken(joinCtx, b.cfg.URL, b.token, b.joinOptions()...)
		select {
		case result <- err:
		case <-abandoned:
			if err == nil {
				room.Disconnect()
			}
		}
	}()
	select {
	case err := <-result:
		if err == nil {
			return nil
		}
		if joinCtx.Err() == nil {
			return describeConnectError(b.cfg.URL, b.token, err)
		}
	case <-joinCtx.Done():
		close(abandoned)
		// Whatever happens to the abandoned room is no longer the bot's
		// session.
		b.mu.Lock()
		b.sdkRoom = nil
		b.mu.Unlock()
	}
	if ctx.Err() != nil {
		return describeConnectError(b.cfg.URL, b.token, ErrInterrupted)
	}
	return describeConnectError(b.cfg.URL, b.token, &connectTimeoutError{limit: b.cfg.ConnectTimeout})
}

// joinOptions are the SDK's settings for the bot's connection. An
// impairment comes first in the interceptor registry, next to the network
// (see media/impair), then the counters of the NACKs and PLIs the bot
// sends and of the RTP packets it sends (before any impairment drops them),
// and the switch that has retransmissions use each stream's own SSRC
// (see media/retransmit),
// and the SDK's own interceptors (NACK, TWCC, reports) follow them: given
// interceptors of ours, lksdk leaves its own out unless asked to include
// them.
func (b *Bot) joinOptions() []lksdk.ConnectOption {
	opts := []lksdk.ConnectOption{
		lksdk.WithAutoSubscribe(true),
		lksdk.WithLogger(logging.SDKLogger(b.log)),
		lksdk.WithConnectTimeout(b.cfg.ConnectTimeout),
	}
	var interceptors []interceptor.Factory
	// Validate has parsed the spec; an error here leaves the bot unimpaired.
	if spec, err := impair.ParseSpec(b.cfg.Impair); err == nil && !spec.Zero() {
		b.log.Info("impairing RTP", zap.Stringer("impair", spec))
		interceptors = append(interceptors, impair.NewFactory(spec))
	}
	interceptors = append(interceptors, &b.feedback, &b.sentRTP, retransmit.OnPrimarySSRC{})
	return append(opts, lksdk.WithInterceptors(interceptors), lksdk.WithIncludeDefaultInterceptors(true))
}
