package admin

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/livekit/protocol/livekit"
)

func TestParseAttributes(t *testing.T) {
	got, err := ParseAttributes([]string{"team=qa", "gone=", "eq=a=b"})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"team": "qa", "gone": "", "eq": "a=b"}; !maps.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if got, err := ParseAttributes(nil); got != nil || err != nil {
		t.Fatalf("nil: %v %v", got, err)
	}
	for in, want := range map[string]string{"novalue": `attribute "novalue" is not k=v`, "=v": `attribute "=v" is not k=v`} {
		if _, err := ParseAttributes([]string{in}); !isInvalid(err) || err.Error() != want {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	if _, err := ParseAttributes([]string{"a=1", "a=2"}); err == nil || err.Error() != `attribute key "a" is given twice` {
		t.Errorf("duplicate: %v", err)
	}
}

func TestParseSources(t *testing.T) {
	got, err := ParseSources([]string{"camera,Microphone", "screen-share", "camera", " screen_share_audio "})
	if err != nil {
		t.Fatal(err)
	}
	want := []livekit.TrackSource{livekit.TrackSource_CAMERA, livekit.TrackSource_MICROPHONE, livekit.TrackSource_SCREEN_SHARE, livekit.TrackSource_SCREEN_SHARE_AUDIO}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v", got)
	}
	for _, in := range [][]string{nil, {"any"}, {""}} {
		if got, err := ParseSources(in); err != nil || got == nil || len(got) != 0 {
			t.Errorf("%q: %v %v, want an empty, non-nil list", in, got, err)
		}
	}
	if _, err := ParseSources([]string{"camera,webcam"}); !isInvalid(err) || !strings.Contains(err.Error(), `source "webcam" is unknown`) {
		t.Errorf("unknown: %v", err)
	}
	if _, err := ParseIngressInput("rtsp"); !isInvalid(err) || !strings.Contains(err.Error(), `input "rtsp" is unknown`) {
		t.Errorf("ingress input: %v", err)
	}
}

func FuzzParseAttributes(f *testing.F) {
	for _, s := range []string{"k=v", "=", "a=b=c", "k=", "", "\x00=\xff"} {
		f.Add(s, "x=y")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		got, err := ParseAttributes([]string{a, b})
		if err != nil {
			if !isInvalid(err) || strings.Contains(err.Error(), "\n") && !strings.Contains(a+b, "\n") {
				t.Fatalf("error %v", err)
			}
			return
		}
		for k, v := range got {
			if k == "" || !slices.Contains([]string{a, b}, k+"="+v) {
				t.Fatalf("pair %q=%q not from the input %q %q", k, v, a, b)
			}
		}
	})
}

func FuzzParseSources(f *testing.F) {
	for _, s := range []string{"camera", "camera,microphone", "any", "", ",,", "SCREEN-share", "webcam"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseSources([]string{s})
		if err != nil {
			if !isInvalid(err) || got != nil {
				t.Fatalf("error %v with %v", err, got)
			}
			return
		}
		seen := map[livekit.TrackSource]bool{}
		for _, src := range got {
			if src == livekit.TrackSource_UNKNOWN || seen[src] {
				t.Fatalf("%q gave %v", s, got)
			}
			seen[src] = true
		}
	})
}
