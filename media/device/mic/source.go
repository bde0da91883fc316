package mic

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gen2brain/malgo"

	"github.com/lkbot/lkbot/media/sourceend"
)

// Capture format: what the Opus encoder takes.
const (
	sampleRate = 48000
	// The FIFO between miniaudio and Next holds up to 1 s; Next starts
	// once 60 ms are held and keeps the delay under 200 ms.
	bufferSamples = sampleRate
	prefill       = sampleRate * 60 / 1000
	maxHeld       = sampleRate * 200 / 1000
)

// Source captures one device. Next hands out what it captured; Close
// stops it. Its owner must Close it even after Done.
type Source struct {
	dev  Device
	ac   *audioContext
	mdev *malgo.Device
	ring *ring

	opened   time.Time
	lastData atomic.Int64 // UnixNano of the last data callback; 0 before the first
	closing  atomic.Bool
	end      sourceend.End

	closeOnce sync.Once
	stopWatch chan struct{}
	watching  sync.WaitGroup
}

// Open opens the capture device that name designates (see List: exact
// name or description first, then a case-insensitive substring of either;
// "" for the default) and starts capturing. ctx bounds the opening only.
func Open(ctx context.Context, name string) (*Source, error) {
	ac, err := openContext(ctx)
	if err != nil {
		return nil, err
	}
	s, err := start(ctx, ac, name)
	if err != nil {
		ac.close()
		return nil, err
	}
	return s, nil
}

func start(ctx context.Context, ac *audioContext, name string) (*Source, error) {
	i, err := match(ac.devices, name)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := &Source{
		ac:        ac,
		ring:      newRing(bufferSamples, prefill, maxHeld),
		stopWatch: make(chan struct{}),
	}
	var id *malgo.DeviceID
	if i >= 0 {
		s.dev, id = ac.devices[i], &ac.infos[i].ID
	} else {
		s.dev = Device{Name: "default", Description: "default", Backend: ac.backend, Default: true}
	}
	if s.mdev, err = initDevice(ac.ctx.Context, id, s.callbacks()); err != nil {
		return nil, fmt.Errorf("open microphone %q (%s): %w", s.dev.Name, s.dev.Backend, err)
	}
	s.opened = time.Now()
	if err := s.mdev.Start(); err != nil {
		s.mdev.Uninit()
		return nil, fmt.Errorf("start microphone %q (%s): %w", s.dev.Name, s.dev.Backend, err)
	}
	s.watching.Add(1)
	go s.watch()
	return s, nil
}

// initDevice asks miniaudio for 48 kHz mono s16, whatever the device's own
// format, and lets it convert: its converter resamples and downmixes on its
// thread (on PulseAudio it asks the server for that format in the first
// place). Next then has nothing to convert.
func initDevice(mctx malgo.Context, id *malgo.DeviceID, cb malgo.DeviceCallbacks) (*malgo.Device, error) {
	cfg := malgo.DefaultDeviceConfig(malgo.Capture)
	cfg.Capture.Format = malgo.FormatS16
	cfg.Capture.Channels = 1
	cfg.SampleRate = sampleRate
	if id != nil {
		// miniaudio reads the ID during init only; pinning lets the Go
		// memory be handed to C (malgo's DeviceID.Pointer would leak a
		// malloc per call).
		own := new(malgo.DeviceID)
		*own = *id
		var pin runtime.Pinner
		pin.Pin(own)
		defer pin.Unpin()
		cfg.Capture.DeviceID = unsafe.Pointer(own)
	}
	return malgo.InitDevice(mctx, cfg, cb)
}

func (s *Source) callbacks() malgo.DeviceCallbacks {
	return malgo.DeviceCallbacks{
		Data: func(_, input []byte, _ uint32) {
			s.ring.writePCM(input)
			s.lastData.Store(time.Now().UnixNano())
		},
		// miniaudio calls Stop on its own thread when capture ends: on
		// Close (ignored), or because the device was unplugged (ALSA) or
		// suspended by the server (PulseAudio).
		Stop: func() {
			if !s.closing.Load() {
				s.end.Finish(fmt.Errorf("%w: %q (%s) was stopped by the system", ErrDeviceLost, s.dev.Name, s.dev.Backend))
			}
		},
	}
}

// Next fills dst with the oldest captured samples, 48 kHz mono, and pads
// with silence what has not arrived. It never blocks.
func (s *Source) Next(dst []int16) { s.ring.read(dst) }

// Device returns the device being captured.
func (s *Source) Device() Device { return s.dev }

// Stats returns the sample counts since Open.
func (s *Source) Stats() Stats { return s.ring.snapshot() }

// Done is closed when capture ends: on Close, or when the device goes away
// (then Err says so).
func (s *Source) Done() <-chan struct{} { return s.end.Done() }

// Err returns why capture ended without Close; nil while it runs and after
// Close.
func (s *Source) Err() error { return s.end.Err() }

// Close stops capture and releases the device and the context, with the
// thread miniaudio ran them on. It is safe to call more than once.
func (s *Source) Close() error {
	s.closeOnce.Do(func() {
		s.closing.Store(true)
		close(s.stopWatch)
		s.watching.Wait()
		// Stop first: it wakes miniaudio's PulseAudio loop, which Uninit
		// alone does not, and which would never wake on its own once the
		// server has gone.
		s.mdev.Stop()
		s.mdev.Uninit() // joins miniaudio's thread
		s.ac.close()
		s.end.Finish(nil)
	})
	return nil
}
