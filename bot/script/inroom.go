package script

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lkbot/lkbot/bot"
)

// RunInRoom plays s while b is in its room. The run fails if a step fails,
// b leaves the room first, or limit (when above 0) runs out first. It
// leaves b as it is: whoever created b closes it.
func (r *Runner) RunInRoom(ctx context.Context, b *bot.Bot, s *Script, limit time.Duration) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if limit > 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeoutCause(ctx, limit, fmt.Errorf("the duration limit (%s) ran out", limit))
		defer stop()
	}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		select {
		case <-b.Done():
			cancel(fmt.Errorf("the bot left the room (%s)", b.DisconnectReason()))
		case <-ctx.Done():
		}
	}()
	err := r.Run(ctx, s)
	cancel(errors.New("interrupted"))
	<-stopped
	return err
}
