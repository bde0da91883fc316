package processors

import "encoding/binary"

// buildRuns cuts rows between the grid rows of classes ri and rj into
// runs. Cell k spans columns [k*f+f/2, (k+1)*f+f/2), the first one from
// column 0 and the last one to the frame's edge.
func (c *compositor) buildRuns(ri, rj []uint8, f int) {
	cells := max(len(ri)-1, 1)
	c.cells = grow(c.cells, cells)
	cellClasses(c.cells, ri, rj)
	c.runs = c.runs[:0]
	for k := 0; k < cells; {
		cls := c.cells[k]
		e := k + 1
		for e+8 <= cells && binary.LittleEndian.Uint64(c.cells[e:]) == uint64(cls)*bytes1 {
			e += 8
		}
		for e < cells && c.cells[e] == cls {
			e++
		}
		x0, x1 := min(k*f+f/2, c.fw), min(e*f+f/2, c.fw)
		if k == 0 {
			x0 = 0
		}
		if e == cells {
			x1 = c.fw
		}
		k = e
		if x0 >= x1 {
			continue
		}
		if n := len(c.runs); n > 0 && c.runs[n-1].class == cls {
			c.runs[n-1].x1 = x1
			continue
		}
		c.runs = append(c.runs, run{x0, x1, cls})
	}
}

const bytes1 = 0x0101010101010101 // 1 in each byte

// cellClass is the class of a cell with corners of classes p, q, r and s.
func cellClass(p, q, r, s uint8) uint8 {
	if p == q && p == r && p == s {
		return p
	}
	return classEdge
}

// cellClasses sets the class of each cell between grid points k and k+1
// of rows ri and rj: theirs if all four agree, else classEdge. Eight cells
// are compared at a time.
func cellClasses(dst, ri, rj []uint8) {
	if len(ri) < 2 {
		dst[0] = cellClass(ri[0], ri[0], rj[0], rj[0])
		return
	}
	rj = rj[:len(ri)]
	k := 0
	for ; k+9 <= len(ri); k += 8 {
		a := binary.LittleEndian.Uint64(ri[k:])
		x := (a ^ binary.LittleEndian.Uint64(ri[k+1:])) | (a ^ binary.LittleEndian.Uint64(rj[k:])) |
			(a ^ binary.LittleEndian.Uint64(rj[k+1:]))
		// The high bit of each byte of x that is not zero, then all its
		// bits: t marks the cells that differ.
		hi := ((x&^(0x80*bytes1) + 0x7f*bytes1) | x) & (0x80 * bytes1)
		t := (hi >> 7) * 0xff
		binary.LittleEndian.PutUint64(dst[k:], a&^t|uint64(classEdge)*bytes1&t)
	}
	for ; k < len(dst); k++ {
		dst[k] = cellClass(ri[k], ri[k+1], rj[k], rj[k+1])
	}
}
