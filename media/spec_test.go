package media

import (
	"strings"
	"testing"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		in      string
		want    Spec
		wantErr string
	}{
		{in: "", want: Spec{Kind: SourceNone}},
		{in: "none", want: Spec{Kind: SourceNone}},
		{in: "synthetic", want: Spec{Kind: SourceSynthetic}},
		{in: "device", want: Spec{Kind: SourceDevice}},
		{in: "device:/dev/video0", want: Spec{Kind: SourceDevice, Arg: "/dev/video0"}},
		{in: "file:/tmp/a b.ivf", want: Spec{Kind: SourceFile, Arg: "/tmp/a b.ivf"}},
		{in: "file:", wantErr: "needs a path"},
		{in: "device:", wantErr: "empty"},
		{in: "synthetic:x", wantErr: "unknown source"},
		{in: "webcam", wantErr: "unknown source \"webcam\""},
	}
	for _, tt := range tests {
		got, err := ParseSpec(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseSpec(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseSpec(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			continue
		}
		if back, _ := ParseSpec(got.String()); back != got {
			t.Errorf("round trip of %q gave %v", tt.in, back)
		}
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"", "none", "synthetic", "device:0", "file:/x", "::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spec, err := ParseSpec(s)
		if err != nil {
			return
		}
		if back, err := ParseSpec(spec.String()); err != nil || back != spec {
			t.Fatalf("round trip of %q: %v, %v", s, back, err)
		}
	})
}
