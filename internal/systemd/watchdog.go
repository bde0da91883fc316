package systemd

import (
	"context"
	"time"

	"github.com/coreos/go-systemd/v22/daemon"
	"go.uber.org/zap"
)

// Watchdog keeps systemd's watchdog (WatchdogSec=) fed while alive
// reports true: it sends WATCHDOG=1 at once and then every half of the
// interval systemd asked for. While alive reports false it sends nothing,
// so that systemd kills and restarts a bot that is stuck. It blocks until
// ctx is done; the caller runs it on a goroutine it owns and waits for it.
// Without a watchdog for this process (no NOTIFY_SOCKET, no WATCHDOG_USEC,
// or a WATCHDOG_PID that is another process's) it returns at once.
func (n *Notifier) Watchdog(ctx context.Context, alive func() bool) {
	if !n.enabled {
		return
	}
	interval, err := daemon.SdWatchdogEnabled(false)
	if err != nil {
		n.log.Warn("systemd watchdog disabled", zap.Error(err))
		return
	}
	if interval <= 0 {
		return
	}
	ticker := time.NewTicker(interval / 2)
	defer ticker.Stop()
	withheld := false
	for {
		if alive() {
			if withheld {
				n.log.Info("systemd watchdog: bot alive again, pinging")
			}
			withheld = false
			n.send(daemon.SdNotifyWatchdog)
		} else if !withheld {
			withheld = true
			n.log.Warn("systemd watchdog: bot not alive, withholding pings", zap.Duration("restart_after", interval))
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}
