package tflite

import (
	"fmt"
	"sort"
)

// planAlign keeps every activation buffer on a 64-byte boundary.
const planAlign = 16

// scratcher is a kernel that needs per-worker scratch space.
type scratcher interface {
	scratchSize() int
}

// sharedScratcher is a kernel that needs scratch space its workers share.
type sharedScratcher interface {
	sharedSize() int
}

// plan places every activation in one arena, reusing the space of tensors
// no longer needed (first fit by offset, as TFLite's simple planner does).
func (m *Model) plan() error {
	lastUse := make([]int, len(m.tensors))
	for i := range lastUse {
		lastUse[i] = -1
	}
	for i, n := range m.nodes {
		for _, t := range n.inputs {
			lastUse[t] = i
		}
	}
	for _, t := range m.outputs {
		lastUse[t] = len(m.nodes)
	}
	m.offsets = make([]int, len(m.tensors))
	for i := range m.offsets {
		m.offsets[i] = -1
	}
	var a arenaPlanner
	for _, t := range m.inputs {
		m.offsets[t] = a.alloc(t, m.tensors[t].elems())
	}
	for i, n := range m.nodes {
		for _, t := range n.outputs {
			m.offsets[t] = a.alloc(t, m.tensors[t].elems())
		}
		for _, ts := range [][]int{n.inputs, n.outputs} {
			for _, t := range ts {
				if lastUse[t] <= i && m.offsets[t] >= 0 {
					a.free(t)
				}
			}
		}
		if s, ok := n.k.(scratcher); ok {
			m.scratch = max(m.scratch, s.scratchSize())
		}
		if s, ok := n.k.(sharedScratcher); ok {
			m.shared = max(m.shared, s.sharedSize())
		}
	}
	m.arenaSize = a.size
	if m.arenaSize > maxArenaElems {
		return fmt.Errorf("%w: activations need %d floats, above %d", ErrUnsupported, m.arenaSize, maxArenaElems)
	}
	return nil
}

type arenaBlock struct{ t, off, size int }

// arenaPlanner hands out offsets in an arena, keeping live blocks sorted.
type arenaPlanner struct {
	live []arenaBlock
	size int
}

func (a *arenaPlanner) alloc(t, n int) int {
	n = (n + planAlign - 1) / planAlign * planAlign
	off := 0
	for _, b := range a.live {
		if b.off-off >= n {
			break
		}
		off = max(off, b.off+b.size)
	}
	a.live = append(a.live, arenaBlock{t: t, off: off, size: n})
	sort.Slice(a.live, func(i, j int) bool { return a.live[i].off < a.live[j].off })
	a.size = max(a.size, off+n)
	return off
}

func (a *arenaPlanner) free(t int) {
	for i, b := range a.live {
		if b.t == t {
			a.live = append(a.live[:i], a.live[i+1:]...)
			return
		}
	}
}
