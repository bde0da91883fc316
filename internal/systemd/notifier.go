// Package systemd tells systemd how the bot is doing, over the sd_notify
// protocol: when it is ready, what it is doing, when it stops, and, with a
// watchdog, that it is still alive. Outside systemd (NOTIFY_SOCKET unset)
// every method does nothing.
package systemd

import (
	"os"
	"strings"
	"sync"

	"github.com/coreos/go-systemd/v22/daemon"
	"go.uber.org/zap"
)

// Notifier sends sd_notify messages to the service manager that started
// the process. Its methods are safe for concurrent use.
type Notifier struct {
	log     *zap.Logger
	enabled bool
	ready   sync.Once
}

// New reads NOTIFY_SOCKET once; without it, every method is a no-op.
// A nil log discards the failures it would report.
func New(log *zap.Logger) *Notifier {
	if log == nil {
		log = zap.NewNop()
	}
	return &Notifier{log: log, enabled: os.Getenv("NOTIFY_SOCKET") != ""}
}

// Ready sends READY=1: with Type=notify, systemd counts the service as
// started only then. Calls after the first send nothing, so that a bot
// that rejoins does not announce itself again.
func (n *Notifier) Ready() {
	n.ready.Do(func() { n.send(daemon.SdNotifyReady) })
}

// Stopping sends STOPPING=1, so that systemd shows the service as
// deactivating while the bot leaves its room.
func (n *Notifier) Stopping() { n.send(daemon.SdNotifyStopping) }

// Status sends STATUS=s, the line systemctl status shows. Runs of white
// space in s, line breaks included, become one space: the protocol is one
// assignment per line.
func (n *Notifier) Status(s string) {
	n.send("STATUS=" + strings.Join(strings.Fields(s), " "))
}

// send writes one datagram. A failure is logged, not returned: the bot
// runs on whether or not systemd hears it.
func (n *Notifier) send(state string) {
	if !n.enabled {
		return
	}
	if _, err := daemon.SdNotify(false, state); err != nil {
		n.log.Warn("systemd notify failed", zap.String("state", state), zap.Error(err))
	}
}
