package logging

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
)

func TestLoggerRedactsSecrets(t *testing.T) {
	var buf bytes.Buffer
	l, err := New(Options{Level: "debug", Format: FormatJSON, Output: &buf, Secrets: []string{"s3cr3t-value", "tok.en.jwt"}})
	if err != nil {
		t.Fatal(err)
	}
	l.Info("connecting with s3cr3t-value", zap.String("url", "ws://x?access_token=tok.en.jwt"), zap.Error(errString("bad s3cr3t-value")))
	SDKLogger(l).Warnw("sdk says s3cr3t-value", nil)
	out := buf.String()
	if strings.Contains(out, "s3cr3t-value") || strings.Contains(out, "tok.en.jwt") {
		t.Fatalf("secret leaked: %s", out)
	}
	if strings.Count(out, Redacted) < 4 {
		t.Fatalf("expected four redactions, got: %s", out)
	}
}

// TestSDKLoggerOnlyAtDebug: below debug, none of the SDK's lines show, its
// errors included, since lkbot reports what they lead to itself; at debug
// every line shows with the SDK's own level.
func TestSDKLoggerOnlyAtDebug(t *testing.T) {
	for _, level := range []string{"info", "warn", "error"} {
		var buf bytes.Buffer
		l, err := New(Options{Level: level, Output: &buf})
		if err != nil {
			t.Fatal(err)
		}
		sdk := SDKLogger(l)
		sdk.Infow("chatty sdk line")
		sdk.Warnw("routine sdk warning", nil)
		sdk.Errorw("error establishing signal connection", errString("websocket: bad handshake"))
		if buf.Len() != 0 {
			t.Errorf("at level %s the SDK logged: %q", level, buf.String())
		}
	}
	var buf bytes.Buffer
	l, err := New(Options{Level: "debug", Output: &buf})
	if err != nil {
		t.Fatal(err)
	}
	SDKLogger(l).Errorw("error establishing signal connection", errString("websocket: bad handshake"))
	if out := buf.String(); !strings.Contains(out, "ERROR\tlksdk\terror establishing signal connection") || !strings.Contains(out, "bad handshake") {
		t.Fatalf("at debug the SDK's error is missing or lost its level: %q", out)
	}
}

// TestDurationsReadAsWritten: a duration field reads as a flag takes it,
// in both formats, not as a float of seconds.
func TestDurationsReadAsWritten(t *testing.T) {
	for _, format := range []string{FormatConsole, FormatJSON} {
		var buf bytes.Buffer
		l, err := New(Options{Level: "info", Format: format, Output: &buf})
		if err != nil {
			t.Fatal(err)
		}
		l.Info("bot running", zap.Duration("duration", 90*time.Second))
		if !strings.Contains(buf.String(), "1m30s") {
			t.Fatalf("%s: %s, want the duration as 1m30s", format, buf.String())
		}
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	if _, err := New(Options{Level: "loud"}); err == nil || !strings.Contains(err.Error(), "loud") {
		t.Fatalf("want error naming the level, got %v", err)
	}
	if _, err := New(Options{Format: "xml"}); err == nil || !strings.Contains(err.Error(), "xml") {
		t.Fatalf("want error naming the format, got %v", err)
	}
}

type errString string

func (e errString) Error() string { return string(e) }
