package h264

import (
	"bytes"
	"testing"
)

func TestAppendRBSP(t *testing.T) {
	tests := []struct{ in, want []byte }{
		{[]byte{0, 0, 3, 1}, []byte{0, 0, 1}},
		{[]byte{0, 0, 3, 0, 0, 3}, []byte{0, 0, 0, 0}},
		{[]byte{0, 3, 0, 3}, []byte{0, 3, 0, 3}},
		{[]byte{0, 0, 0, 3, 3}, []byte{0, 0, 0, 3}},
		{[]byte{1, 2, 3}, []byte{1, 2, 3}},
	}
	for _, tt := range tests {
		if got := appendRBSP(nil, tt.in); !bytes.Equal(got, tt.want) {
			t.Errorf("appendRBSP(% x) = % x, want % x", tt.in, got, tt.want)
		}
	}
	if got := appendRBSP([]byte{9}, []byte{0, 0, 3, 1}); !bytes.Equal(got, []byte{9, 0, 0, 1}) {
		t.Errorf("appendRBSP after a prefix = % x, want 09 00 00 01", got)
	}
}
