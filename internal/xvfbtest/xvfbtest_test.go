package xvfbtest

import (
	"image/color"
	"os/exec"
	"strings"
	"testing"
)

func TestStart(t *testing.T) {
	a := Start(t, 320, 240)
	b := Start(t, 64, 48)
	if a.Name() == b.Name() {
		t.Fatalf("two displays share %s", a.Name())
	}
	a.Paint(color.RGBA{R: 0x12, G: 0x34, B: 0x56, A: 0xff})
	cmd := exec.Command("xdpyinfo")
	if _, err := exec.LookPath("xdpyinfo"); err != nil {
		t.Skip("xdpyinfo is not installed")
	}
	cmd.Env = b.Env()
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "64x48 pixels") {
		t.Errorf("xdpyinfo on %s does not show 64x48:\n%s", b.Name(), out)
	}
}
