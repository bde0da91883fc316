package mic

import (
	"context"
	"errors"
	"testing"

	"github.com/gen2brain/malgo"
)

// The null backend "captures" silence forever: it must never be tried.
func TestBackendsExcludeNull(t *testing.T) {
	if len(backends) != 2 || backends[0].id != malgo.BackendPulseaudio || backends[1].id != malgo.BackendAlsa {
		t.Fatalf("backends = %+v, want PulseAudio then ALSA", backends)
	}
}

func TestSilentDevices(t *testing.T) {
	if !silent(Device{Name: "null", Backend: "alsa"}) {
		t.Error("ALSA's null PCM counts as a microphone")
	}
	if silent(Device{Name: "null", Backend: "pulseaudio"}) || silent(Device{Name: "default", Backend: "alsa"}) {
		t.Error("a real device counts as silent")
	}
}

func TestOpenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Open(ctx, ""); !errors.Is(err, context.Canceled) {
		t.Fatalf("Open with a cancelled context: %v", err)
	}
	if _, err := List(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("List with a cancelled context: %v", err)
	}
}
