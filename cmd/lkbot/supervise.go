package main

import (
	"context"
	"sync"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/systemd"
)

// supervised tells systemd, when it runs lkbot as a Type=notify service,
// that the bot is in its room and publishing (READY=1), and pings its
// watchdog while the bot's pipelines are alive. Outside systemd it does
// nothing. The returned stop says STOPPING=1 and waits for the watchdog.
func supervised(ctx context.Context, log *zap.Logger, b *bot.Bot) (stop func()) {
	n := systemd.New(log)
	n.Ready()
	n.Status("in room " + b.Status().Room)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		n.Watchdog(ctx, pipelinesAlive(b))
	}()
	return func() {
		n.Stopping()
		cancel()
		wg.Wait()
	}
}

// pipelinesAlive is the watchdog's test: the bot is in its room or
// joining it again, and each unmuted track encoded a frame since the last
// call. A hung encoder or capture stops the pings, and systemd restarts
// lkbot.
func pipelinesAlive(b *bot.Bot) func() bool {
	last := map[string]uint64{}
	return func() bool {
		s := b.Snapshot()
		switch s.Connection {
		case bot.StateDisconnected:
			return false
		case bot.StateReconnecting, bot.StateConnecting:
			return true
		}
		alive := true
		for _, t := range s.Tracks {
			if !t.Muted && t.SID != "" && t.FramesEncoded == last[t.Source] && last[t.Source] != 0 {
				alive = false
			}
			last[t.Source] = t.FramesEncoded
		}
		return alive
	}
}
