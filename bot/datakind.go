package bot

import (
	"reflect"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
	"google.golang.org/protobuf/proto"
)

// dataKindTap tells the bot which data channel a received packet came on,
// reliable or lossy. lksdk v2.19 reads that from the channel and then drops
// it before its callback; the tap wraps the SDK's own message handler on
// each channel, records the channel's label, and calls the SDK's handler,
// which delivers the packet to the bot's callback on the same goroutine.
//
// It reaches the SDK's and pion's private fields, whose layout is pinned by
// go.mod; if they change, the tap finds nothing and every packet reads as
// reliable (TestDataKindTapFindsChannels guards this).
type dataKindTap struct {
	mu      sync.Mutex   // held while a wrapped handler runs
	current atomic.Value // string: label of the channel being handled
	wmu     sync.Mutex   // guards wrapped
	wrapped map[*webrtc.DataChannel]bool
}

// count returns how many channels carry the tap.
func (d *dataKindTap) count() int {
	d.wmu.Lock()
	defer d.wmu.Unlock()
	return len(d.wrapped)
}

// lossyLabel is the label LiveKit gives its lossy data channel.
const lossyLabel = "_lossy"

// reliable reports the delivery mode of the packet being handled. Only call
// it from the SDK's data callback.
func (d *dataKindTap) reliable() bool {
	label, _ := d.current.Load().(string)
	return label != lossyLabel
}

// wrap installs the tap on every SDK data channel not yet wrapped, and
// reports how many channels the room has.
func (d *dataKindTap) wrap(room *lksdk.Room) int {
	channels := sdkDataChannels(room)
	d.wmu.Lock()
	defer d.wmu.Unlock()
	for _, dc := range channels {
		if d.wrapped[dc] {
			continue
		}
		orig := messageHandler(dc)
		if orig == nil {
			continue // the SDK has not installed its handler yet
		}
		if d.wrapped == nil {
			d.wrapped = map[*webrtc.DataChannel]bool{}
		}
		d.wrapped[dc] = true
		label := dc.Label()
		dc.OnMessage(func(msg webrtc.DataChannelMessage) {
			// Only user packets need their channel recorded. Everything else,
			// RPC above all, whose handlers the SDK runs right here, passes
			// without the lock, so a slow command cannot stall other channels.
			if !isUserPacket(msg.Data) {
				orig(msg)
				return
			}
			d.mu.Lock()
			defer d.mu.Unlock()
			d.current.Store(label)
			orig(msg)
			d.current.Store("")
		})
	}
	return len(channels)
}

// sdkDataChannels reads the engine's data channels, under the engine's lock.
func sdkDataChannels(room *lksdk.Room) []*webrtc.DataChannel {
	engine := privateField(reflect.ValueOf(room).Elem(), "engine")
	if !engine.IsValid() || engine.Kind() != reflect.Pointer || engine.IsNil() {
		return nil
	}
	e := engine.Elem()
	lock := lockOf(privateField(e, "dclock"))
	if lock == nil {
		return nil
	}
	lock.RLock()
	defer lock.RUnlock()
	var out []*webrtc.DataChannel
	for _, name := range []string{"reliableDC", "lossyDC", "reliableDCSub", "lossyDCSub"} {
		f := privateField(e, name)
		if !f.IsValid() {
			continue
		}
		if dc, ok := f.Interface().(*webrtc.DataChannel); ok && dc != nil {
			out = append(out, dc)
		}
	}
	return out
}

// messageHandler reads a data channel's current OnMessage handler under its
// lock.
func messageHandler(dc *webrtc.DataChannel) func(webrtc.DataChannelMessage) {
	v := reflect.ValueOf(dc).Elem()
	lock := lockOf(privateField(v, "mu"))
	if lock == nil {
		return nil
	}
	lock.RLock()
	defer lock.RUnlock()
	f := privateField(v, "onMessageHandler")
	if !f.IsValid() {
		return nil
	}
	h, _ := f.Interface().(func(webrtc.DataChannelMessage))
	return h
}

// privateField returns an addressable, readable view of an unexported field,
// or the zero Value when there is no such field.
func privateField(v reflect.Value, name string) reflect.Value {
	if v.Kind() != reflect.Struct {
		return reflect.Value{}
	}
	f := v.FieldByName(name)
	if !f.IsValid() || !f.CanAddr() {
		return reflect.Value{}
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}

func lockOf(f reflect.Value) *sync.RWMutex {
	if !f.IsValid() {
		return nil
	}
	l, _ := f.Addr().Interface().(*sync.RWMutex)
	return l
}

// flushData waits, up to limit, until the SDK's data channels have handed
// every queued byte to the transport, plus a moment for it to leave, so
// that a message sent just before leaving is not lost.
func flushData(room *lksdk.Room, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		var queued uint64
		for _, dc := range sdkDataChannels(room) {
			queued += dc.BufferedAmount()
		}
		if queued == 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(flushGrace)
}

// flushGrace lets the last SCTP packets cross before the connection closes.
const flushGrace = 100 * time.Millisecond

// isUserPacket reports whether a data channel message is a user data
// packet, the only kind whose delivery mode the bot reports.
func isUserPacket(data []byte) bool {
	var p livekit.DataPacket
	if err := proto.Unmarshal(data, &p); err != nil {
		return false
	}
	_, ok := p.Value.(*livekit.DataPacket_User)
	return ok
}
