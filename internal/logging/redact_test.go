package logging

import (
	"bytes"
	"strings"
	"testing"

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

func TestSDKLoggerQuietAtInfo(t *testing.T) {
	var buf bytes.Buffer
	l, err := New(Options{Level: "info", Output: &buf})
	if err != nil {
		t.Fatal(err)
	}
	SDKLogger(l).Infow("chatty sdk line")
	if buf.Len() != 0 {
		t.Fatalf("sdk info line logged at default level: %q", buf.String())
	}
	SDKLogger(l).Warnw("routine sdk warning", nil)
	if buf.Len() != 0 {
		t.Fatalf("sdk warning logged at default level: %q", buf.String())
	}
	SDKLogger(l).Errorw("sdk error", nil)
	if !strings.Contains(buf.String(), "sdk error") {
		t.Fatalf("sdk error missing: %q", buf.String())
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
