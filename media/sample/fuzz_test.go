package sample

import (
	"bytes"
	"testing"
)

// checkParse indexes data and, when that succeeds, reads every sample,
// checking the invariants a Player relies on.
func checkParse(t *testing.T, data []byte) {
	r := bytes.NewReader(data)
	idx, err := parse(r, int64(len(data)), Options{})
	if err != nil {
		return
	}
	if len(idx.entries) == 0 || !idx.entries[0].key {
		t.Fatalf("accepted %d samples, first key %v", len(idx.entries), len(idx.entries) > 0 && idx.entries[0].key)
	}
	var buf []byte
	for i, e := range idx.entries {
		if e.dur <= 0 || e.dur > maxSampleDuration {
			t.Fatalf("sample %d lasts %v", i, e.dur)
		}
		parts, total := e.parts, 0
		if parts == nil {
			parts = []span{e.span}
		}
		for _, p := range parts {
			if p.off < 0 || p.n < 0 || p.off+int64(p.n) > int64(len(data)) {
				t.Fatalf("sample %d: %d+%d is outside %d bytes", i, p.off, p.n, len(data))
			}
			total += p.n
		}
		if total != e.n {
			t.Fatalf("sample %d: parts hold %d bytes, not %d", i, total, e.n)
		}
		s, err := readSample(r, idx, i, buf)
		if err != nil {
			t.Fatalf("sample %d: %v", i, err)
		}
		buf = s.Data
	}
}

func FuzzIVF(f *testing.F) {
	f.Add(ivfBytes("VP80", 30, 1, []uint64{0, 1, 2}, [][]byte{vp8Key, vp8Delta, vp8Delta}))
	f.Add(ivfBytes("VP90", 1000, 1, []uint64{0, 33}, [][]byte{{0x82, 0x49, 0x83, 0x42, 0x00}, {0x86, 0x00}}))
	f.Add(ivfBytes("VP80", 90000, 1, []uint64{5}, [][]byte{vp8Key}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) >= 4 {
			copy(data, "DKIF")
		}
		checkParse(t, data)
	})
}

func FuzzOgg(f *testing.F) {
	f.Add(oggOpus([]byte{0xfc, 0x01}, []byte{0x0b, 0x02, 0x03}, []byte{0xfb, 0x83, 0x01}))
	f.Add(oggOpus())
	big := bytes.Repeat([]byte{0xfc}, 600)
	head := opusHead()
	f.Add(append(append(oggPage(oggFirst, 1, 0, lace(len(head)), head),
		oggPage(0, 1, 1, []byte{8}, []byte("OpusTags"))...),
		oggPage(0, 1, 2, []byte{255, 255, 90}, big)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) >= 4 {
			copy(data, "OggS")
		}
		checkParse(t, data)
	})
}

func FuzzAnnexB(f *testing.F) {
	f.Add(annexB(baselineSPS(320, 240, 1, 60), pps, idrFirst, idrSecond, pFirst, pSecond))
	f.Add(annexB(aud, baselineSPS(1920, 1088, 0, 0), pps, sei, idrFirst, aud, pFirst, sei))
	f.Add([]byte{0, 0, 1, 0x65, 0x88, 0, 0, 1, 0, 0, 0, 1, 0x41, 0x9a})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) >= 4 {
			copy(data, []byte{0, 0, 0, 1})
		}
		checkParse(t, data)
	})
}
