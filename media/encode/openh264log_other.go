//go:build !linux

package encode

import "go.uber.org/zap"

// captureOpenH264 runs build as it is: lkbot routes OpenH264's stderr
// output into the log on Linux only.
func captureOpenH264(_ *zap.Logger, build func() error) error { return build() }
