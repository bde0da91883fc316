package record

import (
	"fmt"
	"syscall"
	"time"

	"github.com/lkbot/lkbot/record/reception"
)

// FailWritesAfter makes r's files refuse every write after the first n,
// as a full disk does.
func FailWritesAfter(r *Recorder, n int) {
	r.create = func(path, codec string, first reception.Frame) (mediaFile, error) {
		f, err := createFile(path, codec, first)
		if err != nil {
			return nil, err
		}
		return &fullDisk{mediaFile: f, left: n, path: path}, nil
	}
}

// fullDisk is a file on a disk that fills up after left writes.
type fullDisk struct {
	mediaFile
	left int
	path string
}

func (f *fullDisk) Write(at time.Duration, key bool, data []byte) error {
	if f.left <= 0 {
		return fmt.Errorf("write %s: %w", f.path, syscall.ENOSPC)
	}
	f.left--
	return f.mediaFile.Write(at, key, data)
}
