package tflite

import (
	"encoding/binary"
	"fmt"
	"math"
)

// reader reads a FlatBuffer with bounds checks on every access. The first
// out-of-range or malformed access records an error; later reads return zero
// values, so decoding code can run straight through and check err once.
type reader struct {
	buf []byte
	err error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
	}
}

// has reports whether n bytes starting at off lie inside the buffer.
func (r *reader) has(off, n int) bool {
	if r.err != nil {
		return false
	}
	if off < 0 || n < 0 || off > len(r.buf) || n > len(r.buf)-off {
		r.fail("%d bytes at offset %d outside %d-byte buffer", n, off, len(r.buf))
		return false
	}
	return true
}

func (r *reader) u8(off int) uint8 {
	if !r.has(off, 1) {
		return 0
	}
	return r.buf[off]
}

func (r *reader) u16(off int) uint16 {
	if !r.has(off, 2) {
		return 0
	}
	return binary.LittleEndian.Uint16(r.buf[off:])
}

func (r *reader) u32(off int) uint32 {
	if !r.has(off, 4) {
		return 0
	}
	return binary.LittleEndian.Uint32(r.buf[off:])
}

func (r *reader) u64(off int) uint64 {
	if !r.has(off, 8) {
		return 0
	}
	return binary.LittleEndian.Uint64(r.buf[off:])
}

// ref follows the unsigned 32-bit offset stored at off and returns the
// absolute position it points to, or -1 after recording an error.
func (r *reader) ref(off int) int {
	rel := r.u32(off)
	if r.err != nil {
		return -1
	}
	target := int64(off) + int64(rel)
	if target >= int64(len(r.buf)) {
		r.fail("offset %d at %d points past end of %d-byte buffer", rel, off, len(r.buf))
		return -1
	}
	return int(target)
}

// table is a FlatBuffer table. The zero table has no fields, so every
// accessor on it returns the field's default.
type table struct {
	r      *reader
	pos    int // start of the table's inline data
	vt     int // start of its vtable
	vtLen  int // vtable size in bytes
	objLen int // inline data size in bytes
}

// tableAt decodes the table whose inline data starts at pos.
func (r *reader) tableAt(pos int) table {
	if !r.has(pos, 4) {
		return table{}
	}
	vt := int64(pos) - int64(int32(r.u32(pos)))
	if vt < 0 || vt > int64(len(r.buf)) {
		r.fail("vtable of table at %d out of range", pos)
		return table{}
	}
	vtLen := int(r.u16(int(vt)))
	objLen := int(r.u16(int(vt) + 2))
	if r.err != nil {
		return table{}
	}
	if vtLen < 4 || vtLen%2 != 0 || objLen < 4 {
		r.fail("bad vtable of table at %d", pos)
		return table{}
	}
	if !r.has(int(vt), vtLen) || !r.has(pos, objLen) {
		return table{}
	}
	return table{r: r, pos: pos, vt: int(vt), vtLen: vtLen, objLen: objLen}
}

// field returns the absolute position of field i holding size bytes, or -1
// when the field is absent.
func (t table) field(i, size int) int {
	o := 4 + 2*i
	if t.r == nil || o+2 > t.vtLen {
		return -1
	}
	fo := int(t.r.u16(t.vt + o))
	if fo == 0 {
		return -1
	}
	if fo+size > t.objLen {
		t.r.fail("field %d of table at %d overruns the table", i, t.pos)
		return -1
	}
	return t.pos + fo
}

func (t table) u8(i int, def uint8) uint8 {
	p := t.field(i, 1)
	if p < 0 {
		return def
	}
	return t.r.u8(p)
}

func (t table) i32(i int, def int32) int32 {
	p := t.field(i, 4)
	if p < 0 {
		return def
	}
	return int32(t.r.u32(p))
}

func (t table) u32(i int, def uint32) uint32 {
	p := t.field(i, 4)
	if p < 0 {
		return def
	}
	return t.r.u32(p)
}

func (t table) u64(i int, def uint64) uint64 {
	p := t.field(i, 8)
	if p < 0 {
		return def
	}
	return t.r.u64(p)
}

// table returns the sub-table in field i, or the zero table when absent.
func (t table) table(i int) table {
	p := t.field(i, 4)
	if p < 0 {
		return table{}
	}
	target := t.r.ref(p)
	if target < 0 {
		return table{}
	}
	return t.r.tableAt(target)
}

// vector is a FlatBuffer vector of n elements of elemSize bytes each.
type vector struct {
	r        *reader
	pos      int // first element
	n        int
	elemSize int
}

// vector returns the vector in field i, or an empty vector when absent.
func (t table) vector(i, elemSize int) vector {
	p := t.field(i, 4)
	if p < 0 {
		return vector{}
	}
	start := t.r.ref(p)
	if start < 0 {
		return vector{}
	}
	n := int(t.r.u32(start))
	if t.r.err != nil {
		return vector{}
	}
	if n > (len(t.r.buf)-start-4)/elemSize {
		t.r.fail("vector of %d elements at %d overruns the buffer", n, start)
		return vector{}
	}
	return vector{r: t.r, pos: start + 4, n: n, elemSize: elemSize}
}

// str returns the string in field i, or "" when absent.
func (t table) str(i int) string {
	return string(t.vector(i, 1).bytes())
}

// bytes returns the raw bytes of a vector of bytes; it aliases the buffer.
func (v vector) bytes() []byte {
	if v.r == nil {
		return nil
	}
	return v.r.buf[v.pos : v.pos+v.n*v.elemSize : v.pos+v.n*v.elemSize]
}

// i32s copies a vector of int32.
func (v vector) i32s() []int32 {
	out := make([]int32, v.n)
	for j := range out {
		out[j] = int32(v.r.u32(v.pos + 4*j))
	}
	return out
}

// f32s copies a vector of float32.
func (v vector) f32s() []float32 {
	out := make([]float32, v.n)
	for j := range out {
		out[j] = math.Float32frombits(v.r.u32(v.pos + 4*j))
	}
	return out
}

// table returns element j of a vector of tables.
func (v vector) table(j int) table {
	target := v.r.ref(v.pos + 4*j)
	if target < 0 {
		return table{}
	}
	return v.r.tableAt(target)
}
