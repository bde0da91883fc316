package mic

import (
	"errors"
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	devs := []Device{
		{Name: "alsa_input.usb-Blue_Yeti-00.analog-stereo", Description: "Yeti Stereo Microphone Analog Stereo", ID: "01"},
		{Name: "lkbot_sink.monitor", Description: "Monitor of Null Output", ID: "02", Default: true},
		{Name: "alsa_output.pci-0000_00_1f.3.analog-stereo.monitor", Description: "Monitor of Built-in Audio Analog Stereo", ID: "03"},
		{Name: "mic", Description: "Microphone", ID: "04"},
	}
	tests := []struct {
		name    string
		want    int
		wantErr error
	}{
		{"", 1, nil},
		{"lkbot_sink.monitor", 1, nil},
		{"Monitor of Null Output", 1, nil},
		{"03", 2, nil},
		{"yeti", 0, nil},
		{"NULL OUTPUT", 1, nil},
		{"mic", 3, nil}, // exact beats the substring of "Yeti Stereo Microphone"
		{"monitor", -1, ErrAmbiguousDevice},
		{"webcam", -1, ErrNoDevice},
	}
	for _, tt := range tests {
		got, err := match(devs, tt.name)
		if tt.wantErr != nil {
			if !errors.Is(err, tt.wantErr) || strings.Contains(err.Error(), "\n") {
				t.Errorf("match(%q) err = %v, want one line wrapping %v", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("match(%q) = %d, %v; want %d", tt.name, got, err, tt.want)
		}
	}
}

func TestMatchAmbiguousListsCandidates(t *testing.T) {
	devs := []Device{{Name: "a.monitor", Description: "Monitor of A"}, {Name: "b.monitor", Description: "Monitor of B"}}
	_, err := match(devs, "monitor")
	for _, want := range []string{`"a.monitor" (Monitor of A)`, `"b.monitor" (Monitor of B)`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to list %s", err, want)
		}
	}
}

func TestMatchDefaultUnmarked(t *testing.T) {
	// ALSA marks no default unless it lists one named "default": then the
	// backend's own default is opened.
	if got, err := match([]Device{{Name: ":0,0"}}, ""); got != -1 || err != nil {
		t.Fatalf("match = %d, %v; want -1 (the backend's default)", got, err)
	}
}
