package quality

import "errors"

// Errors from decoding a report's aggregate; check them with errors.Is.
var (
	// ErrUnknownMetric means a histogram's name is not one of Metrics.
	ErrUnknownMetric = errors.New("unknown quality metric")
	// ErrBadHistogram means an encoded histogram does not decode, or holds
	// values outside its metric's range.
	ErrBadHistogram = errors.New("bad encoded histogram")
)
