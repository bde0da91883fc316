// Package processors holds raw-frame processors that run before encoding.
//
// Effect blurs or replaces the background of I420 frames behind the people
// that the segmentation subpackage finds. Its mask is the model's soft
// confidence, smoothed over time where the picture holds still and refined
// along the frame's own edges by a guided filter, so that it neither
// flickers nor leaves ragged edges or a ghost trail.
package processors
