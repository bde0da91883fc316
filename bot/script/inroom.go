package script

import (
	"context"
	"time"

	"github.com/lkbot/lkbot/bot"
)

// RunInRoom plays s while b is in its room, then closes b. The run fails if
// a step fails, b is disconnected first, or limit (when above 0) runs out
// first.
func (r *Runner) RunInRoom(ctx context.Context, b *bot.Bot, s *Script, limit time.Duration) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if limit > 0 {
		ctx, cancel = context.WithTimeout(ctx, limit)
		defer cancel()
	}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		select {
		case <-b.Done():
			cancel()
		case <-ctx.Done():
		}
	}()
	err := r.Run(ctx, s)
	cancel()
	<-stopped
	b.Close()
	return err
}
