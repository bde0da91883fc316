package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lkbot/lkbot/internal/pulsetest"
	"github.com/lkbot/lkbot/internal/xvfbtest"
)

// devicesIn runs `lkbot devices --json` in a child with env and decodes
// what it prints.
func devicesIn(t *testing.T, env []string) deviceList {
	t.Helper()
	cmd, out := startChild(t, env, "devices", "--json")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("lkbot devices: %v\n%s", err, out.String())
	}
	text := out.String()
	var list deviceList
	if err := json.Unmarshal([]byte(text[strings.Index(text, "{"):]), &list); err != nil {
		t.Fatalf("lkbot devices --json printed %q: %v", text, err)
	}
	return list
}

// TestDevicesLists: with a display and an audio server, lkbot devices
// lists the screen with its size and the null sink's monitor with the
// name --mic device:NAME takes.
func TestDevicesLists(t *testing.T) {
	display := xvfbtest.Start(t, 800, 600)
	pulse := pulsetest.Start(t)
	list := devicesIn(t, append(display.Env(), pulse.Env()...))
	if len(list.Screens) != 1 || list.Screens[0].Width != 800 || list.Screens[0].Height != 600 {
		t.Errorf("screens %+v, want one 800x600", list.Screens)
	}
	found := false
	for _, m := range list.Microphones {
		found = found || m.Name == pulse.MonitorName()
	}
	if !found {
		t.Errorf("microphones %+v lack %s", list.Microphones, pulse.MonitorName())
	}
}

// TestDevicesSaysWhyNone: with no display and no audio server, lkbot
// devices still exits 0, and says why each list is empty.
func TestDevicesSaysWhyNone(t *testing.T) {
	list := devicesIn(t, []string{"DISPLAY=", "PULSE_SERVER=unix:" + t.TempDir() + "/none"})
	if len(list.Screens) != 0 || !strings.Contains(list.Notes["screens"], "DISPLAY is not set") {
		t.Errorf("screens %+v, note %q; want none because DISPLAY is not set", list.Screens, list.Notes["screens"])
	}
	if len(list.Microphones) != 0 || !strings.Contains(list.Notes["microphones"], "no audio server") {
		t.Errorf("microphones %+v, note %q; want none because there is no audio server", list.Microphones, list.Notes["microphones"])
	}
	if list.Notes["cameras"] == "" && len(list.Cameras) == 0 {
		t.Error("no cameras and no note saying why")
	}
}
