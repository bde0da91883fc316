// Package yuv converts and scales raw pictures into the 4:2:0, BT.601
// limited-range frames (I420) that lkbot's encoders take: from RGB screen
// grabs, from camera or JPEG YCbCr of any chroma subsampling and range, and
// from any other image.Image. Its hot paths allocate nothing per frame.
package yuv
