package impair

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pion/interceptor"
)

// queueLen bounds the packets one stream holds back; past it, packets are
// dropped, as a full router queue drops them. At 1,000 packets/s it holds
// 8 s of delay.
const queueLen = 8192

// Factory makes the impairing interceptor of each peer connection. Add it
// to a registry before any other interceptor, so that it sits next to the
// network (see the package doc).
type Factory struct {
	spec   Spec
	counts *counters
}

var _ interceptor.Factory = (*Factory)(nil)

// NewFactory returns a Factory that applies spec.
func NewFactory(spec Spec) *Factory {
	return &Factory{spec: spec, counts: &counters{}}
}

// NewInterceptor implements interceptor.Factory.
func (f *Factory) NewInterceptor(string) (interceptor.Interceptor, error) {
	return &Interceptor{spec: f.spec, counts: f.counts, streams: map[streamKey]func(){}, bound: map[string]int{}}, nil
}

// Counts returns what the factory's interceptors have seen and dropped so
// far, over all their streams.
func (f *Factory) Counts() Counts {
	return Counts{
		In:  Count{Packets: f.counts.inPackets.Load(), Dropped: f.counts.inDropped.Load()},
		Out: Count{Packets: f.counts.outPackets.Load(), Dropped: f.counts.outDropped.Load()},
	}
}

// Counts is what the impairment did in each direction.
type Counts struct{ In, Out Count }

// Count is one direction's packets: every one offered, and those dropped
// (by loss, or by a full queue).
type Count struct{ Packets, Dropped uint64 }

type counters struct {
	inPackets, inDropped, outPackets, outDropped atomic.Uint64
}

func (c *counters) add(dir direction, dropped bool) {
	packets, drops := &c.inPackets, &c.inDropped
	if dir == outgoing {
		packets, drops = &c.outPackets, &c.outDropped
	}
	packets.Add(1)
	if dropped {
		drops.Add(1)
	}
}

// Interceptor impairs one peer connection's RTP. Streams that hold packets
// back each have a goroutine, which their unbinding or Close stops.
type Interceptor struct {
	interceptor.NoOp
	spec   Spec
	counts *counters

	mu      sync.Mutex
	closed  bool
	streams map[streamKey]func() // stops a stream's goroutine
	bound   map[string]int       // streams bound so far, by direction and codec
	wg      sync.WaitGroup
}

type streamKey struct {
	ssrc uint32
	dir  direction
}

// BindLocalStream impairs RTP the peer sends.
func (i *Interceptor) BindLocalStream(info *interceptor.StreamInfo, writer interceptor.RTPWriter) interceptor.RTPWriter {
	if i.spec.Out.Zero() {
		return writer
	}
	s := newShaper(i.spec.Out, i.spec.Seed, i.name(outgoing, info.MimeType))
	if !i.spec.Out.delays() {
		return &dropWriter{next: writer, shaper: s, counts: i.counts}
	}
	w := newDelayWriter(writer, s, i.counts)
	if !i.start(streamKey{info.SSRC, outgoing}, w.stop, w.run) {
		return writer
	}
	return w
}

// BindRemoteStream impairs RTP the peer receives.
func (i *Interceptor) BindRemoteStream(info *interceptor.StreamInfo, reader interceptor.RTPReader) interceptor.RTPReader {
	if i.spec.In.Zero() {
		return reader
	}
	s := newShaper(i.spec.In, i.spec.Seed, i.name(incoming, info.MimeType))
	if !i.spec.In.delays() {
		return &dropReader{next: reader, shaper: s, counts: i.counts}
	}
	r := newDelayReader(reader, s, i.counts)
	if !i.start(streamKey{info.SSRC, incoming}, r.stop, r.run) {
		return reader
	}
	return r
}

// name gives a stream's generator its name, counting the streams of its
// codec in its direction.
func (i *Interceptor) name(dir direction, mimeType string) uint64 {
	i.mu.Lock()
	defer i.mu.Unlock()
	key := fmt.Sprintf("%d/%s", dir, strings.ToLower(mimeType))
	n := i.bound[key]
	i.bound[key] = n + 1
	return streamName(dir, mimeType, n)
}

// start runs a stream's goroutine, unless the interceptor is closed. A
// stream bound again replaces the old one, which is stopped.
func (i *Interceptor) start(key streamKey, stop func(), run func()) bool {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.closed {
		return false
	}
	if old, ok := i.streams[key]; ok {
		old()
	}
	i.streams[key] = stop
	i.wg.Go(run)
	return true
}

// UnbindLocalStream stops the stream's goroutine, discarding what it holds.
func (i *Interceptor) UnbindLocalStream(info *interceptor.StreamInfo) {
	i.unbind(streamKey{info.SSRC, outgoing})
}

// UnbindRemoteStream stops the stream's goroutine once its reader ends,
// which pion closes before unbinding.
func (i *Interceptor) UnbindRemoteStream(info *interceptor.StreamInfo) {
	i.unbind(streamKey{info.SSRC, incoming})
}

func (i *Interceptor) unbind(key streamKey) {
	i.mu.Lock()
	defer i.mu.Unlock()
	if stop, ok := i.streams[key]; ok {
		stop()
		delete(i.streams, key)
	}
}

// Close stops every stream's goroutine and waits for them. An incoming
// stream's goroutine ends when its network reader does: pion closes every
// SRTP stream before it closes the interceptors.
func (i *Interceptor) Close() error {
	i.mu.Lock()
	i.closed = true
	for key, stop := range i.streams {
		stop()
		delete(i.streams, key)
	}
	i.mu.Unlock()
	i.wg.Wait()
	return nil
}
