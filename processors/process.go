package processors

import "image"

// Process applies the effect to frame in place. It keeps no reference to
// frame once it returns.
func (e *Effect) Process(frame *image.YCbCr) {
	if frame == nil || frame.SubsampleRatio != image.YCbCrSubsampleRatio420 || frame.Rect.Empty() {
		return
	}
	e.run.Lock()
	defer e.run.Unlock()
	fw, fh := frame.Rect.Dx(), frame.Rect.Dy()
	e.mu.Lock()
	want, closed := e.want, e.closed
	e.lastW, e.lastH = fw, fh
	e.mu.Unlock()
	if closed || want.mode == modeOff {
		e.fresh = true
		return
	}
	if !e.updateMatte(frame) {
		return
	}
	switch want.mode {
	case modeBlur:
		e.blur.run(frame, e.front, want.radius)
		e.comp.composite(frame, e.front, backdrop{blur: &e.blur})
	case modeBackground:
		wrap := int32(e.cfg.lightWrap*256 + 0.5)
		bg := want.bg.prepare(fw, fh, wrap > 0)
		e.comp.composite(frame, e.front, backdrop{bg: bg, wrap: wrap})
	}
}

// updateMatte brings e.front up to date for frame, segmenting it when due,
// and reports whether there is a mask for the frame.
func (e *Effect) updateMatte(frame *image.YCbCr) bool {
	fw, fh := frame.Rect.Dx(), frame.Rect.Dy()
	if !e.front.valid || e.front.fw != fw || e.front.fh != fh {
		e.fresh = true
	}
	if e.fresh {
		return e.restart(frame)
	}
	e.since++
	if e.work != nil {
		e.takePending()
		if e.since >= e.cfg.stride && e.work.submit(frame, e.gen) {
			e.since = 0
		}
		return true
	}
	if e.since >= e.cfg.stride {
		if e.ref.refine(frame, e.spare) == nil {
			e.front, e.spare = e.spare, e.front
		}
		e.since = 0
	}
	return true
}

// restart segments frame on the calling goroutine with the temporal
// average reset, after a size change or a pause, and drops any result the
// worker still computes for older frames.
func (e *Effect) restart(frame *image.YCbCr) bool {
	e.gen++
	e.since = 0
	e.refMu.Lock()
	defer e.refMu.Unlock()
	e.ref.fresh = true
	if err := e.ref.refine(frame, e.front); err != nil {
		e.front.valid = false
		return false
	}
	e.front.gen = e.gen
	e.fresh = false
	if e.work != nil {
		e.work.resize(frame)
	}
	return true
}

// takePending swaps in the worker's newest mask if it is for the current
// generation.
func (e *Effect) takePending() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.hasPending {
		return
	}
	e.hasPending = false
	if e.pending.gen == e.gen && e.pending.valid {
		e.front, e.pending = e.pending, e.front
	}
}
