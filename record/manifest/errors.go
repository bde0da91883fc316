package manifest

import "errors"

// ErrVersion means the manifest is of a format this package does not read.
var ErrVersion = errors.New("unsupported manifest version")
