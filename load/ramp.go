package load

import (
	"context"
	"time"
)

// ramp starts plan's bots on schedule: member i at start plus its Offset.
// It never waits for a join to finish, and when it falls behind (a busy
// machine) it starts the late ones at once, so nothing but the machine
// caps the rate. It stops when ctx ends, and returns how many it started.
// The timer is its own and stops with it.
func ramp(ctx context.Context, start time.Time, plan []Member, rate float64, launch func(i int)) int {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for i, m := range plan {
		if wait := time.Until(start.Add(m.Offset(rate))); wait > 0 {
			timer.Reset(wait)
			select {
			case <-ctx.Done():
				return i
			case <-timer.C:
			}
		}
		if ctx.Err() != nil {
			return i
		}
		launch(i)
	}
	return len(plan)
}
