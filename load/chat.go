package load

import (
	"context"
	"encoding/binary"
	"errors"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/load/quality"
)

// ChatTopic is the data topic of --data-rate's chat messages.
const ChatTopic = "lkbot.load.chat"

// chatSize is a chat message's payload size: a short line of text.
const chatSize = 100

// maxChatInFlight bounds the sends under way at once, so that a server
// that stops answering cannot pile up goroutines.
const maxChatInFlight = 64

// chat sends --data-rate chat messages in every room, each from the
// room's next joined bot in turn, to everyone in the room, and times
// their delivery at each receiver (see receiveChat). Messages sent and
// received after the warm-up count in the room's quality.
type chat struct {
	ms   *measurement
	rate float64
	log  *zap.Logger

	// turn is each room's next sender, by position in its joined bots.
	turn    map[string]int
	skipped int
}

// run sends until ctx ends, then waits for the sends under way.
func (c *chat) run(ctx context.Context) {
	if c.rate <= 0 {
		return
	}
	c.turn = map[string]int{}
	t := time.NewTicker(time.Duration(float64(time.Second) / c.rate))
	defer t.Stop()
	var sends sync.WaitGroup
	defer sends.Wait()
	slots := make(chan struct{}, maxChatInFlight)
	for {
		select {
		case <-ctx.Done():
			if c.skipped > 0 {
				c.log.Warn("chat messages skipped: sends were too slow", zap.Int("skipped", c.skipped))
			}
			return
		case <-t.C:
		}
		for room, senders := range c.senders() {
			b := senders[c.turn[room]%len(senders)]
			c.turn[room]++
			select {
			case slots <- struct{}{}:
			default:
				c.skipped++
				continue
			}
			sends.Add(1)
			go func() {
				defer sends.Done()
				defer func() { <-slots }()
				c.send(room, b)
			}()
		}
	}
}

// senders groups the joined bots by room, in a stable order.
func (c *chat) senders() map[string][]*bot.Bot {
	out := map[string][]*bot.Bot{}
	for _, jb := range c.ms.joinedBotsInOrder() {
		out[jb.room] = append(out[jb.room], jb.bot)
	}
	return out
}

func (c *chat) send(room string, b *bot.Bot) {
	err := b.SendData(bot.DataMessage{Topic: ChatTopic, Reliable: true, Payload: chatPayload(time.Now())})
	if err != nil {
		c.log.Debug("chat message not sent", zap.String("from", b.Identity()), zap.Error(err))
		return
	}
	if c.ms.isWarm() {
		c.ms.rooms.Room(room).CountData(1, 0)
	}
}

// chatPayload is a chat message sent at sent: the send time, then text.
func chatPayload(sent time.Time) []byte {
	p := make([]byte, chatSize)
	binary.BigEndian.PutUint64(p, uint64(sent.UnixNano()))
	copy(p[8:], "lkbot load chat message: the quick brown fox jumps over the lazy dog, again and again.")
	return p
}

// errChatPayload is a payload too short to hold a send time.
var errChatPayload = errors.New("chat payload: shorter than its 8-byte send time")

// chatSent reads a chat message's send time.
func chatSent(payload []byte) (time.Time, error) {
	if len(payload) < 8 {
		return time.Time{}, errChatPayload
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(payload))), nil
}

// receiveChat is the chat handler of a bot in room: it times each message
// it receives after the warm-up.
func (ms *measurement) receiveChat(room string) bot.TopicHandler {
	return func(_ string, payload []byte) {
		sent, err := chatSent(payload)
		if err != nil || !ms.isWarm() {
			return
		}
		a := ms.rooms.Room(room)
		a.RecordDuration(quality.DataDeliveryMs, time.Since(sent))
		a.CountData(0, 1)
	}
}
