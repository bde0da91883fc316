package encode

/*
#cgo pkg-config: vpx
#include <vpx/vpx_encoder.h>
#include <vpx/vp8cx.h>

static int lkbot_vpx_control(vpx_codec_ctx_t *ctx, int id, int value) {
	return (int)vpx_codec_control_(ctx, id, value);
}
*/
import "C"

import (
	"fmt"
	"reflect"
	"unsafe"

	"github.com/pion/mediadevices/pkg/codec"
)

// Real-time speed settings. Without them libvpx encodes VP8 at cpu-used 0,
// its slowest: 22 ms per 720p frame here, against about 5 ms at -12, the
// setting libwebrtc uses on low-power machines. A 720p30 simulcast track
// then costs about 0.22 of a core (BenchmarkPublishCPU).
const (
	vp8CPUUsed = -12
	vp9CPUUsed = 8
)

// tuneVPX sets libvpx controls that pion/mediadevices v0.9.4 does not expose.
// It reaches the encoder's private codec context, whose layout is pinned by
// go.mod; a mismatch is reported as an error and leaves the encoder usable
// at default speed.
func tuneVPX(rc codec.ReadCloser, codecName string) error {
	v := reflect.ValueOf(rc)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("tune %s: unexpected encoder type %T", codecName, rc)
	}
	field := v.Elem().FieldByName("codec")
	if !field.IsValid() || field.Kind() != reflect.Pointer || field.IsNil() {
		return fmt.Errorf("tune %s: encoder %T has no codec context", codecName, rc)
	}
	ctx := (*C.vpx_codec_ctx_t)(unsafe.Pointer(field.Pointer()))
	controls := [][2]C.int{{C.VP8E_SET_CPUUSED, vp8CPUUsed}, {C.VP8E_SET_STATIC_THRESHOLD, 1}}
	if codecName == VP9 {
		controls = [][2]C.int{{C.VP8E_SET_CPUUSED, vp9CPUUsed}, {C.VP9E_SET_AQ_MODE, 3}, {C.VP9E_SET_ROW_MT, 1}}
	}
	for _, c := range controls {
		if rc := C.lkbot_vpx_control(ctx, c[0], c[1]); rc != 0 {
			return fmt.Errorf("tune %s: vpx_codec_control(%d, %d) failed (%d)", codecName, c[0], c[1], rc)
		}
	}
	return nil
}
