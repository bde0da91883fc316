package processors

import (
	"image"
	"sync"
	"sync/atomic"
)

// worker runs the model for an async Effect on its own goroutine, one
// frame at a time: Process copies a frame in when the worker is idle and
// picks the result up on a later frame.
type worker struct {
	e    *Effect
	in   *image.YCbCr // frame copy; the worker's while busy
	back *matte
	req  chan uint64 // generation of the frame in `in`
	busy atomic.Bool
	jobs sync.WaitGroup // frames submitted and not yet segmented
	done chan struct{}
	wg   sync.WaitGroup
}

func startWorker(e *Effect) *worker {
	w := &worker{e: e, back: &matte{}, req: make(chan uint64, 1), done: make(chan struct{})}
	w.wg.Add(1)
	go w.loop()
	return w
}

func (w *worker) loop() {
	defer w.wg.Done()
	for {
		select {
		case <-w.done:
			return
		case gen := <-w.req:
			w.segment(gen)
		}
	}
}

func (w *worker) segment(gen uint64) {
	defer w.jobs.Done()
	defer w.busy.Store(false)
	e := w.e
	e.refMu.Lock()
	err := e.ref.refine(w.in, w.back)
	e.refMu.Unlock()
	if err != nil {
		return
	}
	w.back.gen = gen
	e.mu.Lock()
	e.pending, w.back = w.back, e.pending
	e.hasPending = true
	e.mu.Unlock()
}

// resize makes the frame copy fit frame. Call it holding e.refMu, so the
// worker is not reading the copy.
func (w *worker) resize(frame *image.YCbCr) {
	if w.in != nil && w.in.Rect.Size() == frame.Rect.Size() {
		return
	}
	w.in = image.NewYCbCr(image.Rectangle{Max: frame.Rect.Size()}, image.YCbCrSubsampleRatio420)
}

// submit hands frame to the worker if it is idle, and reports whether it
// did.
func (w *worker) submit(frame *image.YCbCr, gen uint64) bool {
	if w.busy.Load() {
		return false
	}
	copyFrame(w.in, frame)
	w.busy.Store(true)
	w.jobs.Add(1)
	w.req <- gen
	return true
}

// waitIdle waits until the async worker, if any, has finished the frame
// it was given, so that a test can tell the work of a frame apart from
// the next one's (allocation counts, for one).
func (e *Effect) waitIdle() {
	e.run.Lock()
	defer e.run.Unlock()
	if e.work != nil {
		e.work.jobs.Wait()
	}
}

// stop ends the goroutine and waits for it.
func (w *worker) stop() {
	close(w.done)
	w.wg.Wait()
}

// copyFrame copies src's pixels into dst, a tight I420 frame of its size.
func copyFrame(dst, src *image.YCbCr) {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	cw, ch := ceilDiv(w, 2), ceilDiv(h, 2)
	for y := range h {
		copy(dst.Y[y*dst.YStride:y*dst.YStride+w], src.Y[y*src.YStride:])
	}
	for y := range ch {
		copy(dst.Cb[y*dst.CStride:y*dst.CStride+cw], src.Cb[y*src.CStride:])
		copy(dst.Cr[y*dst.CStride:y*dst.CStride+cw], src.Cr[y*src.CStride:])
	}
}
