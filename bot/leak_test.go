package bot

import (
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lkbot/lkbot/internal/lktest"
)

// TestCloseLeavesNoGoroutines: after Close, nothing the bot started is
// running: capture and encoder loops, receivers, watchers, and the SDK's
// peer connections. Only goroutines that ran before the bot and its peer
// existed (the server's helpers, earlier tests' leftovers) are ignored;
// the peer leaves before the check, so its room's goroutines must end too.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	srv := lktest.Start(t)
	ignore := goleak.IgnoreCurrent()
	peer := newPeer(t, srv, "room", "watcher")
	b := startBot(t, srv, func(c *Config) { c.Resolution = "320x180"; c.StatsInterval = 100 * time.Millisecond })
	events := collect(t, b)
	// Exercise every path before closing: data in, media out.
	peer.sendData("hi", "t", true)
	video := peer.track(SourceCamera)
	events.waitFor(10*time.Second, "data from the peer", dataOn("t"))
	eventually(t, 10*time.Second, "the peer receives the camera", func() bool { return video.count() > 0 })
	b.Close()
	peer.room.Disconnect()
	// pion's transports wind down just after Close returns; allow them time.
	lktest.WaitNoLeaks(t, ignore)
}
