// Package appendfile appends whole units (a Matroska cluster, an Ogg page)
// to a recording: a write that fails part way is cut back when the output
// can be truncated, so that the file still ends after a whole unit and
// plays up to there.
package appendfile

import (
	"errors"
	"io"
)

// Append writes b at offset off of out and returns the offset after it.
// On error the offset is unchanged and, when out can be truncated, so is
// the file.
func Append(out io.Writer, off int64, b []byte) (int64, error) {
	n, err := out.Write(b)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	if err == nil {
		return off + int64(n), nil
	}
	if t, ok := out.(interface{ Truncate(int64) error }); ok && n > 0 {
		if terr := t.Truncate(off); terr != nil {
			err = errors.Join(err, terr)
		}
	}
	return off, err
}
