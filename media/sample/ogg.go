package sample

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/lkbot/lkbot/media/opus"
)

// Ogg page layout (RFC 3533 6): a 27-byte header ending in the segment
// count, the lacing values, then the segments.
const (
	oggHeaderLen = 27
	oggContinued = 0x01 // header_type: the page continues a packet
	oggFirst     = 0x02 // header_type: beginning of stream
)

// oggStream gathers the packets of one logical stream: OpusHead, then
// OpusTags, then audio packets, each its own sample.
type oggStream struct {
	r       io.ReaderAt
	idx     *index
	packets int    // packets seen, headers included
	pending []span // pieces of the packet being read
}

// indexOgg walks the pages of the first logical stream, which must be
// Opus with channel mapping family 0 (mono or stereo); pages of other
// streams are skipped. Checksums are not verified.
func indexOgg(r io.ReaderAt, size int64) (*index, error) {
	s := &oggStream{r: r, idx: &index{codec: "opus"}}
	var hdr [oggHeaderLen + 255]byte
	var serial uint32
	for off := int64(0); off < size; {
		if size-off < oggHeaderLen {
			return nil, fmt.Errorf("%w: Ogg page header at offset %d", ErrTruncated, off)
		}
		if _, err := r.ReadAt(hdr[:oggHeaderLen], off); err != nil {
			return nil, err
		}
		if string(hdr[:4]) != "OggS" || hdr[4] != 0 {
			return nil, fmt.Errorf("%w: no Ogg page at offset %d", ErrFormat, off)
		}
		nseg := int64(hdr[26])
		data := off + oggHeaderLen + nseg
		if data > size {
			return nil, fmt.Errorf("%w: Ogg page lacing at offset %d", ErrTruncated, off)
		}
		lacing := hdr[oggHeaderLen : data-off]
		if _, err := r.ReadAt(lacing, off+oggHeaderLen); err != nil {
			return nil, err
		}
		body := int64(0)
		for _, v := range lacing {
			body += int64(v)
		}
		if data+body > size {
			return nil, fmt.Errorf("%w: Ogg page at offset %d needs %d bytes, %d left", ErrTruncated, off, body, size-data)
		}
		flags, id := hdr[5], binary.LittleEndian.Uint32(hdr[14:])
		if off == 0 {
			if flags&oggFirst == 0 {
				return nil, fmt.Errorf("%w: the first Ogg page does not begin a stream", ErrFormat)
			}
			serial = id
		}
		if id == serial {
			if err := s.page(flags, lacing, data); err != nil {
				return nil, err
			}
		}
		off = data + body
	}
	if s.packets < 2 {
		return nil, fmt.Errorf("%w: Ogg stream ends before its Opus headers", ErrTruncated)
	}
	return s.idx, nil
}

// page splits a page's segments into packets: a lacing value below 255
// ends one. A packet may continue on the next page.
func (s *oggStream) page(flags byte, lacing []byte, data int64) error {
	if flags&oggContinued == 0 {
		s.pending = s.pending[:0] // a packet the stream never finished
	}
	at := data
	for _, v := range lacing {
		if n := len(s.pending); n > 0 && s.pending[n-1].off+int64(s.pending[n-1].n) == at {
			s.pending[n-1].n += int(v)
		} else {
			s.pending = append(s.pending, span{off: at, n: int(v)})
		}
		at += int64(v)
		if v < 255 {
			if err := s.packet(s.pending); err != nil {
				return err
			}
			s.pending = s.pending[:0]
		}
	}
	if n := packetLen(s.pending); n > maxFrame {
		return fmt.Errorf("%w: Ogg packet at offset %d exceeds %d bytes", ErrFormat, s.pending[0].off, n)
	}
	return nil
}

func packetLen(parts []span) int {
	n := 0
	for _, p := range parts {
		n += p.n
	}
	return n
}

// packet checks the two header packets and indexes audio packets.
func (s *oggStream) packet(parts []span) error {
	s.packets++
	var head [19]byte
	got, err := s.peek(parts, head[:])
	if err != nil {
		return err
	}
	switch s.packets {
	case 1:
		return checkOpusHead(head[:got])
	case 2:
		if !bytes.HasPrefix(head[:got], []byte("OpusTags")) {
			return fmt.Errorf("%w: the second Ogg packet is not OpusTags", ErrFormat)
		}
		return nil
	}
	n := packetLen(parts)
	if n == 0 {
		return nil // nothing to send
	}
	d, ok := opus.PacketDuration(head[:got])
	if !ok {
		return fmt.Errorf("%w: Opus packet %d at offset %d has an invalid TOC", ErrFormat, len(s.idx.entries), parts[0].off)
	}
	e := entry{span: span{off: parts[0].off, n: n}, dur: d, key: true}
	if len(parts) > 1 {
		e.parts = append([]span(nil), parts...)
	}
	s.idx.entries = append(s.idx.entries, e)
	return nil
}

// peek reads up to len(dst) bytes from the start of a packet.
func (s *oggStream) peek(parts []span, dst []byte) (int, error) {
	got := 0
	for _, p := range parts {
		n := min(p.n, len(dst)-got)
		if _, err := s.r.ReadAt(dst[got:got+n], p.off); err != nil {
			return got, err
		}
		got += n
	}
	return got, nil
}

// checkOpusHead accepts an OpusHead (RFC 7845 5.1) with mapping family 0,
// the mono or stereo streams that WebRTC carries.
func checkOpusHead(h []byte) error {
	if !bytes.HasPrefix(h, []byte("OpusHead")) {
		return fmt.Errorf("%w: the Ogg stream is %s, want Opus", ErrUnsupportedCodec, oggCodec(h))
	}
	if len(h) < 19 {
		return fmt.Errorf("%w: OpusHead of %d bytes", ErrFormat, len(h))
	}
	if h[8]>>4 != 0 {
		return fmt.Errorf("%w: OpusHead version %d", ErrUnsupportedCodec, h[8])
	}
	if ch, family := h[9], h[18]; family != 0 || ch == 0 || ch > 2 {
		return fmt.Errorf("%w: Opus with %d channels, mapping family %d; want mono or stereo (family 0)", ErrUnsupportedCodec, ch, family)
	}
	return nil
}

// oggCodec names the codec of a stream's first packet for error messages.
func oggCodec(h []byte) string {
	for _, c := range []struct{ magic, name string }{
		{"\x01vorbis", "Vorbis"}, {"\x80theora", "Theora"}, {"Speex", "Speex"}, {"\x7fFLAC", "FLAC"}, {"OVP80", "VP8"},
	} {
		if bytes.HasPrefix(h, []byte(c.magic)) {
			return c.name
		}
	}
	return "of an unknown codec"
}
