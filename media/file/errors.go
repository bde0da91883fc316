package file

import (
	"errors"
	"fmt"
)

// Errors returned for files lkbot cannot play, wrapped with the file's
// name and what is wrong; check them with errors.Is.
var (
	// ErrFormat means the file is not of the format expected, or of any
	// format lkbot knows.
	ErrFormat = errors.New("unknown format")
	// ErrTruncated means the file ends in the middle of a header or frame.
	ErrTruncated = errors.New("truncated")
	// ErrUnsupported means a known format with a variant lkbot does not
	// read, such as 4:4:4 y4m or ADPCM WAV.
	ErrUnsupported = errors.New("unsupported")
)

// named wraps an error from a parser, which does not know the file's
// name, with the name.
func named(path string, err error) error {
	return fmt.Errorf("file %q: %w", path, err)
}
