// Package tflite is a small TensorFlow Lite interpreter in Go, enough to
// run MediaPipe's selfie segmentation models on a CPU without cgo.
//
// It implements, in float32 and NHWC, the operators those models use:
// CONV_2D, DEPTHWISE_CONV_2D, HARD_SWISH, RELU, LOGISTIC, AVERAGE_POOL_2D,
// MEAN, MUL, ADD, RESIZE_BILINEAR, DEQUANTIZE (float16 constants, folded at
// load) and MediaPipe's custom Convolution2DTransposeBias. LoadModel
// rejects any other operator with an error naming it.
//
// Loading checks every offset, size and shape in the file, so a truncated
// or corrupted model gives an error, not a panic. It also converts the
// weights into the layouts the kernels read, fuses activations and
// residual additions into the convolutions before them, and plans one
// arena for all activations, so that Run allocates nothing.
//
// On amd64 CPUs with AVX2 and FMA, the convolutions' inner loops run in
// assembly; elsewhere, or built with the purego tag, in plain Go.
package tflite
