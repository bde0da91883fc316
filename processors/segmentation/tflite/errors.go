package tflite

import "errors"

var (
	// ErrMalformed reports a model file that is truncated or not a valid
	// TFLite FlatBuffer.
	ErrMalformed = errors.New("malformed tflite model")
	// ErrUnsupported reports a model that is valid TFLite but uses an
	// operator, tensor type or shape this interpreter does not implement.
	ErrUnsupported = errors.New("unsupported tflite model")
	// ErrInvalid reports a model whose graph is inconsistent, such as an
	// operator whose tensors have shapes that do not fit together.
	ErrInvalid = errors.New("invalid tflite model")
	// ErrClosed reports use of an Interpreter after Close.
	ErrClosed = errors.New("tflite interpreter closed")
)
