package logging

import (
	protoLogger "github.com/livekit/protocol/logger"
	"github.com/livekit/protocol/logger/zaputil"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// SDKLogger adapts l for lksdk, which also hands it to pion. The SDK's and
// pion's lines, errors included, show only when l logs debug: at other
// levels they narrate retries that lkbot reports in its own words (one
// line for a failed join, reconnecting, reconnected, and why the session
// ended), and before this they buried that line under dozens of theirs.
func SDKLogger(l *zap.Logger) protoLogger.Logger {
	if !l.Core().Enabled(zapcore.DebugLevel) {
		return sdkLogger{zap.NewNop().Sugar()}
	}
	return sdkLogger{l.Named("lksdk").Sugar()}
}

// sdkLogger keeps the SDK's levels, which protocol's logr adapter folds into
// info.
type sdkLogger struct{ s *zap.SugaredLogger }

var _ protoLogger.Logger = sdkLogger{}

func (l sdkLogger) Debugw(msg string, kv ...any) { l.s.Debugw(msg, kv...) }
func (l sdkLogger) Infow(msg string, kv ...any)  { l.s.Infow(msg, kv...) }

func (l sdkLogger) Warnw(msg string, err error, kv ...any) {
	l.s.Warnw(msg, withErr(err, kv)...)
}

func (l sdkLogger) Errorw(msg string, err error, kv ...any) {
	l.s.Errorw(msg, withErr(err, kv)...)
}

func (l sdkLogger) WithValues(kv ...any) protoLogger.Logger { return sdkLogger{l.s.With(kv...)} }
func (l sdkLogger) WithName(name string) protoLogger.Logger { return sdkLogger{l.s.Named(name)} }
func (l sdkLogger) WithComponent(c string) protoLogger.Logger {
	return sdkLogger{l.s.Named(c)}
}
func (l sdkLogger) WithCallDepth(int) protoLogger.Logger { return l }
func (l sdkLogger) WithItemSampler() protoLogger.Logger  { return l }
func (l sdkLogger) WithoutSampler() protoLogger.Logger   { return l }
func (l sdkLogger) WithUnlikelyValues(kv ...any) protoLogger.UnlikelyLogger {
	return protoLogger.NewUnlikelyLogger(l, kv...)
}
func (l sdkLogger) WithDeferredValues() (protoLogger.Logger, protoLogger.DeferredFieldResolver) {
	return l, zaputil.NoOpDeferrer{}
}

func withErr(err error, kv []any) []any {
	if err == nil {
		return kv
	}
	return append(kv, "error", err.Error())
}

// InstallSDKLogger routes the logs of lksdk's process-wide logger, which it
// hands to pion's peer connections, into l. Call it once per process.
func InstallSDKLogger(l *zap.Logger) {
	lksdk.SetLogger(SDKLogger(l))
}
