package h264

import (
	"encoding/hex"
	"testing"
)

// FuzzParseSPS checks that no input makes the parser panic, accept a size
// beyond what the macroblock bound allows or a rate outside 1 to 240, or
// answer differently when it reuses its buffer.
func FuzzParseSPS(f *testing.F) {
	for _, s := range validSPS {
		b, _ := hex.DecodeString(s.hex)
		f.Add(b)
	}
	var p SPSParser
	f.Fuzz(func(t *testing.T, nal []byte) {
		sps, err := ParseSPS(nal)
		if err == nil && (sps.Width <= 0 || sps.Height <= 0 ||
			sps.Width > 16*maxSPSMacroblocks || sps.Height > 32*maxSPSMacroblocks) {
			t.Errorf("accepted size %dx%d", sps.Width, sps.Height)
		}
		if sps.FPS != 0 && (sps.FPS < 1 || sps.FPS > 240) {
			t.Errorf("accepted rate %v", sps.FPS)
		}
		reused, err2 := p.Parse(nal)
		if reused != sps || err2 != err {
			t.Errorf("reused parser = %+v, %v; ParseSPS = %+v, %v", reused, err2, sps, err)
		}
	})
}
