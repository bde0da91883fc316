package oggopus

import (
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"github.com/lkbot/lkbot/record/appendfile"
)

// rate is Opus's granule rate: 48 kHz whatever the input rate.
const rate = 48000

// duration is n samples as a time, without overflow for n of years.
func duration(n int64) time.Duration {
	return time.Duration(n/rate)*time.Second + time.Duration(n%rate)*time.Second/rate
}

// position is at in samples, rounded, without overflow past 53 hours.
func position(at time.Duration) int64 {
	return int64(at/time.Second*rate + (at%time.Second*rate+time.Second/2)/time.Second)
}

// maxGap bounds the silence Write fills in: a day, 13 MB of it.
const maxGap = 24 * 3600 * rate

// Options tune a Writer; the zero value is ready to use.
type Options struct {
	// PageInterval bounds a page's span: at least this often the writer
	// hands what it holds to the OS, so a killed process loses at most
	// this much. 0 means 1 s.
	PageInterval time.Duration
	// Sync makes the writer fsync after every page, so that a power loss
	// too loses at most a page.
	Sync bool
}

// Stats count what a Writer did.
type Stats struct {
	// Packets were written (or wait in the current page).
	Packets int
	// Silent packets were added to fill the time between packets.
	Silent int
	// Dropped packets were not written: empty, malformed or too large.
	Dropped int
	// Clamped packets came more than 10 ms before the end of the previous
	// one and were written right after it.
	Clamped int
	// Bytes is the size of the file so far.
	Bytes int64
	// Duration is the end of the last packet.
	Duration time.Duration
}

// Writer writes one Ogg/Opus file. It is safe for concurrent use.
type Writer struct {
	mu     sync.Mutex
	name   string
	out    io.Writer
	file   *os.File // closed by Close when Create opened it
	o      Options
	serial uint32
	seq    uint32
	off    int64

	granule   int64  // end of the packets written, in samples
	pageStart int64  // granule at the start of the current page
	lacing    []byte // the current page's segment table
	body      []byte // the current page's packets
	page      []byte // the page being encoded, reused

	err    error
	closed bool
	st     Stats
}

// Create creates the Ogg/Opus file at path for channels (1 or 2) of
// audio and writes its OpusHead and OpusTags pages.
func Create(path string, channels int, o Options) (*Writer, error) {
	if channels != 1 && channels != 2 {
		return nil, fmt.Errorf("create %s: %w, not %d", path, ErrChannels, channels)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err // *PathError names the file
	}
	w, err := New(f, path, channels, o)
	if err != nil {
		f.Close()
		return nil, err
	}
	w.file = f
	return w, nil
}

// New is Create for an io.Writer the caller opened and closes; name is
// used in errors. A writer that also has Truncate(int64) error is cut
// back to its last whole page after a failed write; one that has Sync()
// error is synced when Options.Sync asks for it.
func New(out io.Writer, name string, channels int, o Options) (*Writer, error) {
	if channels != 1 && channels != 2 {
		return nil, fmt.Errorf("create %s: %w, not %d", name, ErrChannels, channels)
	}
	if o.PageInterval <= 0 {
		o.PageInterval = time.Second
	}
	w := &Writer{name: name, out: out, o: o, serial: rand.Uint32()}
	// RFC 7845 5.1: version 1, channels, pre-skip 0 (a recording starts
	// mid-stream, there is no encoder delay to remove), the input rate,
	// gain 0, mapping family 0.
	head := []byte("OpusHead")
	head = append(head, 1, byte(channels), 0, 0)
	head = binary.LittleEndian.AppendUint32(head, rate)
	head = append(head, 0, 0, 0)
	tags := []byte("OpusTags")
	tags = binary.LittleEndian.AppendUint32(tags, 5)
	tags = append(tags, "lkbot"...)
	tags = binary.LittleEndian.AppendUint32(tags, 0)
	for i, p := range [][]byte{head, tags} {
		w.add(p, 0)
		flags := byte(0)
		if i == 0 {
			flags = 0x02 // beginning of stream
		}
		if err := w.flushPage(flags); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// Write adds an Opus packet that starts at media time at since the file's
// start. A gap since the previous packet is filled with silence; a packet
// that starts before the previous one ends follows it directly. A packet
// more than a day after the previous one is dropped with ErrGap: its time
// is wrong, and filling it in would fill the disk. A write
// error is returned, naming the file, by this Write and every later one;
// the file keeps the pages written before it.
func (w *Writer) Write(at time.Duration, packet []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.closed:
		return fmt.Errorf("write %s: %w", w.name, ErrClosed)
	case w.err != nil:
		return w.err
	}
	n := samples(packet)
	if n == 0 || len(packet) > 255*255-1 {
		w.st.Dropped++
		return nil
	}
	pos := position(at)
	if gap := pos - w.granule; gap > maxGap {
		w.st.Dropped++
		return fmt.Errorf("write %s: %w: packet at %v, %v after the previous one", w.name, ErrGap, at, duration(gap))
	} else if gap >= 480 {
		if err := w.fill(gap); err != nil {
			return err
		}
	} else if gap <= -480 {
		w.st.Clamped++
	}
	w.st.Packets++
	return w.packet(packet, n)
}

// fill adds silent frames for gap samples, to within 2.5 ms.
func (w *Writer) fill(gap int64) error {
	for _, n := range []int64{960, 480, 240, 120} {
		for gap >= n {
			if err := w.packet(silence(int(n)), int(n)); err != nil {
				return err
			}
			w.st.Silent++
			gap -= n
		}
	}
	return nil
}

// packet adds p, n samples long, to the current page, writing that page
// first when it spans PageInterval or has no room left.
func (w *Writer) packet(p []byte, n int) error {
	span := duration(w.granule - w.pageStart)
	if len(w.lacing) > 0 && (span >= w.o.PageInterval || len(w.lacing)+len(p)/255+1 > 255) {
		if err := w.flushPage(0); err != nil {
			return err
		}
	}
	w.add(p, n)
	return nil
}

// add puts p in the current page's segment table and body.
func (w *Writer) add(p []byte, n int) {
	for l := len(p); ; l -= 255 {
		if l < 255 {
			w.lacing = append(w.lacing, byte(l))
			break
		}
		w.lacing = append(w.lacing, 255)
	}
	w.body = append(w.body, p...)
	w.granule += int64(n)
}

// flushPage writes the current page (RFC 3533 6) in one write.
func (w *Writer) flushPage(flags byte) error {
	b := append(w.page[:0], "OggS"...)
	b = append(b, 0, flags)
	b = binary.LittleEndian.AppendUint64(b, uint64(w.granule))
	b = binary.LittleEndian.AppendUint32(b, w.serial)
	b = binary.LittleEndian.AppendUint32(b, w.seq)
	b = append(b, 0, 0, 0, 0, byte(len(w.lacing)))
	b = append(b, w.lacing...)
	b = append(b, w.body...)
	binary.LittleEndian.PutUint32(b[22:], crc(b))
	w.page = b
	w.lacing, w.body = w.lacing[:0], w.body[:0]
	w.pageStart = w.granule
	w.seq++

	off, err := appendfile.Append(w.out, w.off, b)
	if err != nil {
		w.err = fmt.Errorf("write %s: %w", w.name, err)
		return w.err
	}
	w.off = off
	w.st.Bytes = w.off
	if s, ok := w.out.(interface{ Sync() error }); ok && w.o.Sync {
		if err := s.Sync(); err != nil {
			w.err = fmt.Errorf("sync %s: %w", w.name, err)
			return w.err
		}
	}
	return nil
}

// Flush writes the current page now rather than when the next packet is
// due to start one. Pages are otherwise written as packets come, so a
// caller whose track has paused may call it, from a ticker, to put what
// it received on disk.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.closed:
		return fmt.Errorf("flush %s: %w", w.name, ErrClosed)
	case w.err != nil:
		return w.err
	case len(w.lacing) == 0:
		return nil
	}
	return w.flushPage(0)
}

// Stats returns what the writer has done so far.
func (w *Writer) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	st := w.st
	st.Duration = duration(w.granule)
	return st
}

// Close writes the last page, marked end of stream, and closes the file
// when Create opened it. A file that got no packet gets 20 ms of silence,
// which players need to open it. After a write error it writes nothing more and
// returns that error. Closing twice does nothing.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	err := w.err
	if err == nil && w.granule == 0 {
		// Players cannot open a stream without audio: give it 20 ms.
		w.add(silence(960), 960)
		w.st.Silent++
	}
	if err == nil {
		err = w.flushPage(0x04) // end of stream
	}
	if w.file != nil {
		if serr := w.file.Sync(); serr != nil && err == nil {
			err = fmt.Errorf("sync %s: %w", w.name, serr)
		}
		if cerr := w.file.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	return err
}
