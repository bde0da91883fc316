package libvpx

import "testing"

// TestLibvpxDependency guards the facts this package relies on, so that a
// libvpx that lacks them fails go test -short with a clear message instead
// of failing in a published track.
func TestLibvpxDependency(t *testing.T) {
	if v := LibraryVersion(); !v.AtLeast(MinVersion()) {
		t.Fatalf("libvpx %s (%s) is older than %s, which VP9E_SET_ROW_MT needs; install a newer libvpx-dev", v, VersionString(), MinVersion())
	}
	for _, c := range []Codec{VP8, VP9} {
		if _, err := c.iface(); err != nil {
			t.Fatalf("libvpx %s: %v; lkbot needs a libvpx built with the VP8 and VP9 encoders", VersionString(), err)
		}
		// Every control lkbot sets is known to this libvpx: NewEncoder
		// applies them all and fails on the first it refuses.
		e, err := NewEncoder(config(c, 320, 180, 300_000))
		if err != nil {
			t.Fatalf("libvpx %s refuses lkbot's %s settings: %v", VersionString(), c, err)
		}
		e.Close()
	}
}

func TestVersionOrder(t *testing.T) {
	tests := []struct {
		v, o Version
		want bool
	}{
		{Version{1, 7, 0}, Version{1, 7, 0}, true},
		{Version{1, 12, 0}, Version{1, 7, 0}, true},
		{Version{2, 0, 0}, Version{1, 7, 0}, true},
		{Version{1, 6, 9}, Version{1, 7, 0}, false},
		{Version{0, 9, 0}, Version{1, 7, 0}, false},
		{Version{1, 7, 0}, Version{1, 7, 1}, false},
	}
	for _, tt := range tests {
		if got := tt.v.AtLeast(tt.o); got != tt.want {
			t.Errorf("%s.AtLeast(%s) = %v", tt.v, tt.o, got)
		}
	}
}
