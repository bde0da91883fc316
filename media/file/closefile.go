package file

import "io"

// closeFile closes *f and forgets it, so that a second Close of a source
// closes nothing; nil (closed already, or a still with no file kept open)
// gives nil.
func closeFile(f *io.Closer) error {
	if *f == nil {
		return nil
	}
	err := (*f).Close()
	*f = nil
	return err
}
