package file

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"
	"strconv"
	"strings"

	"github.com/lkbot/lkbot/media/yuv"
)

const (
	y4mMagic = "YUV4MPEG2 "
	// maxSide bounds a picture's width and height, as lkbot's encoders
	// do, so that a corrupt header cannot make lkbot allocate gigabytes.
	maxSide = 8192
	// maxHeaderLine bounds the stream header; maxFrameLine a FRAME line.
	maxHeaderLine = 4096
	maxFrameLine  = 512
)

// y4mHeader is what a YUV4MPEG2 stream header says that lkbot uses.
type y4mHeader struct {
	width, height int
	// rateNum/rateDen is the frame rate; both are 0 when the file says
	// F0:0, unknown.
	rateNum, rateDen int64
	rng              yuv.Range
	// size is the header's length in bytes, newline included: the offset
	// of the first FRAME line.
	size int64
}

// frameSize is the length of one frame's pixels: Y, then Cb and Cr.
func (h y4mHeader) frameSize() int {
	return h.width*h.height + 2*((h.width+1)/2)*((h.height+1)/2)
}

// parseY4MHeader reads the stream header line from r.
func parseY4MHeader(r io.Reader) (y4mHeader, error) {
	br := bufio.NewReaderSize(r, 256)
	magic := make([]byte, len(y4mMagic))
	n, err := io.ReadFull(br, magic)
	switch {
	case string(magic[:n]) != y4mMagic[:n] || n == 0:
		return y4mHeader{}, fmt.Errorf("%w: not a y4m file: it does not start with %q", ErrFormat, y4mMagic)
	case err != nil:
		return y4mHeader{}, fmt.Errorf("%w: the y4m header is cut off after %d bytes", ErrTruncated, n)
	}
	line, err := readLine(br, maxHeaderLine)
	switch {
	case errors.Is(err, io.EOF):
		return y4mHeader{}, fmt.Errorf("%w: the y4m header ends without a newline", ErrTruncated)
	case err != nil:
		return y4mHeader{}, err
	}
	h := y4mHeader{size: int64(len(y4mMagic)+len(line)) + 1}
	for _, p := range strings.Fields(line) {
		if err := h.param(p); err != nil {
			return y4mHeader{}, err
		}
	}
	switch {
	case h.width == 0 || h.height == 0:
		return y4mHeader{}, fmt.Errorf("%w: the y4m header has no W (width) or H (height)", ErrFormat)
	case h.width > maxSide || h.height > maxSide:
		return y4mHeader{}, fmt.Errorf("%w: y4m picture of %dx%d: lkbot reads up to %dx%d", ErrUnsupported, h.width, h.height, maxSide, maxSide)
	}
	return h, nil
}

// param applies one header parameter; unknown ones are skipped, as the
// format asks.
func (h *y4mHeader) param(p string) error {
	v := p[1:]
	switch p[0] {
	case 'W', 'H':
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return fmt.Errorf("%w: y4m %s is not a positive number", ErrFormat, strconv.Quote(p))
		}
		if p[0] == 'W' {
			h.width = n
		} else {
			h.height = n
		}
	case 'F':
		num, den, ok := ratio(v)
		if !ok || (num == 0) != (den == 0) {
			return fmt.Errorf("%w: y4m frame rate %s is not num:den", ErrFormat, strconv.Quote(p))
		}
		h.rateNum, h.rateDen = num, den
	case 'C':
		switch v {
		case "420jpeg", "420paldv", "420mpeg2", "420":
		default:
			return fmt.Errorf("%w: y4m chroma C%s: lkbot reads 8-bit 4:2:0 (C420, C420jpeg, C420mpeg2, C420paldv); convert with ffmpeg -i in.y4m -pix_fmt yuv420p out.y4m",
				ErrUnsupported, v)
		}
	case 'X':
		if strings.EqualFold(v, "COLORRANGE=FULL") {
			h.rng = yuv.Full
		}
	}
	return nil
}

// ratio parses "num:den" of non-negative numbers.
func ratio(s string) (num, den int64, ok bool) {
	a, b, found := strings.Cut(s, ":")
	n, err1 := strconv.ParseInt(a, 10, 32)
	d, err2 := strconv.ParseInt(b, 10, 32)
	if !found || err1 != nil || err2 != nil || n < 0 || d < 0 {
		return 0, 0, false
	}
	return n, d, true
}

// readLine reads up to a newline, which it drops, refusing lines longer
// than limit; at the end of input it returns what it read and io.EOF.
func readLine(r *bufio.Reader, limit int) (string, error) {
	var b strings.Builder
	for b.Len() <= limit {
		c, err := r.ReadByte()
		if err != nil {
			return b.String(), err
		}
		if c == '\n' {
			return b.String(), nil
		}
		b.WriteByte(c)
	}
	return "", fmt.Errorf("%w: a y4m header line is longer than %d bytes", ErrFormat, limit)
}

// y4mFrames finds and reads the frames of a y4m stream through an
// io.ReaderAt, so that any frame can be read again without reading the
// whole file. It learns where frames start as it goes: FRAME lines may
// carry parameters, so their offsets are found by walking the lines.
type y4mFrames struct {
	r   io.ReaderAt
	hdr y4mHeader
	// pixels[i] is the offset of frame i's pixels, just past its FRAME
	// line, for every frame found so far.
	pixels []int64
	// count is the number of frames, once the end of the file has been
	// reached; -1 before.
	count int
	line  [maxFrameLine]byte
}

func newY4MFrames(r io.ReaderAt, hdr y4mHeader) *y4mFrames {
	return &y4mFrames{r: r, hdr: hdr, count: -1}
}

// find walks the FRAME lines until frame i is found or the file ends.
// It reports whether frame i exists.
func (y *y4mFrames) find(i int) (bool, error) {
	for len(y.pixels) <= i && y.count < 0 {
		n := len(y.pixels)
		off := y.hdr.size
		if n > 0 {
			off = y.pixels[n-1] + int64(y.hdr.frameSize())
		}
		got, err := y.r.ReadAt(y.line[:], off)
		if err != nil && !errors.Is(err, io.EOF) {
			return false, fmt.Errorf("read y4m frame %d: %w", n, err)
		}
		if got == 0 {
			y.count = n
			break
		}
		size, err := frameLine(y.line[:got], got < len(y.line), n, off)
		if err != nil {
			return false, err
		}
		y.pixels = append(y.pixels, off+int64(size))
	}
	return i < len(y.pixels), nil
}

// frameLine checks the FRAME line at the start of b, returning its length
// with the newline. short says that b ends where the file does.
func frameLine(b []byte, short bool, n int, off int64) (int, error) {
	end := bytes.IndexByte(b, '\n')
	switch {
	case end < 0 && short:
		return 0, fmt.Errorf("%w: frame %d's FRAME line at byte %d is cut off", ErrTruncated, n, off)
	case end < 0:
		return 0, fmt.Errorf("%w: frame %d's FRAME line at byte %d is longer than %d bytes", ErrFormat, n, off, maxFrameLine)
	case !bytes.HasPrefix(b, []byte("FRAME")) || (end > 5 && b[5] != ' '):
		return 0, fmt.Errorf("%w: y4m frame %d at byte %d starts with %q, not FRAME", ErrFormat, n, off, b[:min(end, 8)])
	}
	return end + 1, nil
}

// read reads frame i, which find has found, into buf of frameSize bytes.
func (y *y4mFrames) read(i int, buf []byte) error {
	got, err := y.r.ReadAt(buf, y.pixels[i])
	if got == len(buf) {
		return nil
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read y4m frame %d: %w", i, err)
	}
	return fmt.Errorf("%w: frame %d has %d of %d bytes", ErrTruncated, i, got, len(buf))
}

// wrap makes an I420 image of the header's size over buf, which holds
// frameSize bytes.
func (h y4mHeader) wrap(buf []byte) *image.YCbCr {
	ySize := h.width * h.height
	cw, ch := (h.width+1)/2, (h.height+1)/2
	return &image.YCbCr{
		Y:              buf[:ySize],
		Cb:             buf[ySize:][:cw*ch],
		Cr:             buf[ySize+cw*ch:][:cw*ch],
		YStride:        h.width,
		CStride:        cw,
		SubsampleRatio: image.YCbCrSubsampleRatio420,
		Rect:           image.Rect(0, 0, h.width, h.height),
	}
}
