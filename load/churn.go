package load

import (
	"context"
	"math/rand/v2"
	"time"
)

// churnSeed fixes the order in which churn picks bots.
const churnSeed = 0x636875726e // "churn"

// churn asks bots to leave and join again, perMinute times a minute, until
// ctx ends: each tick picks the next bot of a seeded shuffle that has a
// channel (its join started) and is not still busy with the previous
// request. A bot that failed to join ignores the request; that tick then
// churns nobody, which keeps the schedule simple and the rate an upper
// bound. requests[i] is bot i's channel, buffered by one; nil for a bot
// the ramp never started.
func churn(ctx context.Context, perMinute float64, requests []chan struct{}) {
	if perMinute <= 0 || len(requests) == 0 {
		return
	}
	order := rand.New(rand.NewPCG(churnSeed, uint64(len(requests)))).Perm(len(requests))
	t := time.NewTicker(time.Duration(float64(time.Minute) / perMinute))
	defer t.Stop()
	next := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for range len(order) {
			i := order[next]
			next = (next + 1) % len(order)
			if requests[i] == nil {
				continue
			}
			select {
			case requests[i] <- struct{}{}:
			default: // still busy with the last one: try the next bot
				continue
			}
			break
		}
	}
}
