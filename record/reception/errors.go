package reception

import "errors"

// ErrUnsupportedCodec means New was given a MIME type it cannot
// depacketise.
var ErrUnsupportedCodec = errors.New("unsupported codec")
