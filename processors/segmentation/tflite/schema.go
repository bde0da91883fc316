package tflite

// Field numbers and enum values of the TFLite FlatBuffer schema
// (tensorflow/lite/schema/schema.fbs) that this package reads. A union
// field takes two slots: its type byte, then its value.

// Model fields.
const (
	modelVersion       = 0
	modelOperatorCodes = 1
	modelSubgraphs     = 2
	modelBuffers       = 4
)

// OperatorCode fields.
const (
	opcodeDeprecatedBuiltin = 0
	opcodeCustom            = 1
	opcodeBuiltin           = 3
)

// SubGraph fields.
const (
	subgraphTensors   = 0
	subgraphInputs    = 1
	subgraphOutputs   = 2
	subgraphOperators = 3
)

// Tensor fields.
const (
	tensorShape  = 0
	tensorType   = 1
	tensorBuffer = 2
	tensorName   = 3
)

// Operator fields.
const (
	operatorOpcodeIndex    = 0
	operatorInputs         = 1
	operatorOutputs        = 2
	operatorBuiltinOptions = 4
	operatorCustomOptions  = 5
)

// Buffer fields.
const (
	bufferData   = 0
	bufferOffset = 1
	bufferSize   = 2
)

// TensorType values.
const (
	typeFloat32 = 0
	typeFloat16 = 1
	typeInt32   = 2
)

// Padding values of builtin options.
const (
	paddingSame  = 0
	paddingValid = 1
)

// Fields of the builtin option tables used here.
const (
	// Conv2DOptions.
	convPadding    = 0
	convStrideW    = 1
	convStrideH    = 2
	convActivation = 3
	convDilationW  = 4
	convDilationH  = 5

	// DepthwiseConv2DOptions.
	dwPadding    = 0
	dwStrideW    = 1
	dwStrideH    = 2
	dwMultiplier = 3
	dwActivation = 4
	dwDilationW  = 5
	dwDilationH  = 6

	// Pool2DOptions.
	poolPadding    = 0
	poolStrideW    = 1
	poolStrideH    = 2
	poolFilterW    = 3
	poolFilterH    = 4
	poolActivation = 5

	// AddOptions and MulOptions.
	arithActivation = 0

	// ReducerOptions.
	reducerKeepDims = 0

	// ResizeBilinearOptions.
	resizeAlignCorners     = 2
	resizeHalfPixelCenters = 3
)
