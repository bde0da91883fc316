// Package segmentation finds the people in video frames, for effects such
// as background blur, in pure Go.
//
// It runs MediaPipe's selfie segmentation models (embedded; see
// models/README.md) with the small TFLite interpreter in the tflite
// subpackage. A Segmenter turns an I420 frame into a soft mask: for each
// pixel of the model's grid, the model's confidence in [0, 1] that it shows
// a person. Mask.ResizeInto scales the mask to the frame.
package segmentation
