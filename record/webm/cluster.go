package webm

import "encoding/binary"

// clusterHead is the room kept at the start of a cluster's buffer for its
// ID and an 8-byte size, filled in when the cluster is complete.
const clusterHead = 12

// cluster is the cluster being built. It is written in one piece with its
// size known, so that a file cut short ends after a whole cluster.
type cluster struct {
	buf []byte
	ms  int64 // the cluster's timecode
}

func (c *cluster) open() bool { return len(c.buf) > 0 }

// begin starts a cluster at ms, reusing the buffer.
func (c *cluster) begin(ms int64) {
	c.ms = ms
	var head [clusterHead]byte
	c.buf = append(c.buf[:0], head[:]...)
	c.buf = append(c.buf, 0xe7) // Timecode
	var t [8]byte
	binary.BigEndian.PutUint64(t[:], uint64(ms))
	i := 0
	for i < 7 && t[i] == 0 {
		i++
	}
	c.buf = appendVint(c.buf, uint64(8-i))
	c.buf = append(c.buf, t[i:]...)
}

// add appends a SimpleBlock of t at ms; false when an H.264 access unit
// holds no NAL unit.
func (c *cluster) add(t *track, ms int64, key bool, data []byte) bool {
	n := len(data)
	if t.Codec == "h264" {
		if n = avccLen(data); n == 0 {
			return false
		}
	}
	c.buf = append(c.buf, 0xa3) // SimpleBlock
	c.buf = appendVint(c.buf, uint64(4+n))
	flags := byte(0)
	if key {
		flags = 0x80
	}
	rel := int16(ms - c.ms)
	c.buf = append(c.buf, 0x80|byte(t.number), byte(uint16(rel)>>8), byte(rel), flags)
	if t.Codec == "h264" {
		c.buf = appendAVCC(c.buf, data)
	} else {
		c.buf = append(c.buf, data...)
	}
	return true
}

// finish fills in the cluster's ID and size and returns its bytes; the
// cluster is closed until the next begin.
func (c *cluster) finish() []byte {
	b := c.buf
	copy(b, idCluster)
	binary.BigEndian.PutUint64(b[4:], uint64(len(b)-clusterHead))
	b[4] = 0x01 // an 8-byte size
	c.buf = c.buf[:0]
	return b
}
