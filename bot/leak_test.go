package bot

import (
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/internal/lktest"
)

// TestCloseLeavesNoGoroutines: after Close, nothing the bot started is
// running: capture and encoder loops, receivers, watchers, and the SDK's
// peer connections.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	skipShort(t)
	srv := lktest.Start(t)
	ignore := goleak.IgnoreCurrent()
	peer := newPeer(t, srv, "room", "watcher")
	b := startBot(t, srv, func(c *Config) { c.Resolution = "320x180"; c.StatsInterval = 100 * time.Millisecond })
	peer.sendData("hi", "t", true)
	peer.track(SourceCamera)
	time.Sleep(500 * time.Millisecond)
	b.Close()
	peer.room.Disconnect()
	// pion's transports wind down just after Close returns; allow them time.
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if err = goleak.Find(ignore); err == nil {
			return
		}
	}
	t.Fatal(err)
}
