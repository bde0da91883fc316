package file

import (
	"errors"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		head    string
		want    Format
		video   bool
		encoded bool
	}{
		{"YUV4MPEG2 W2 H2\n", FormatY4M, true, false},
		{"RIFF\x24\x00\x00\x00WAVEfmt ", FormatWAV, false, false},
		{"\x89PNG\r\n\x1a\n\x00\x00", FormatPNG, true, false},
		{"\xFF\xD8\xFF\xE0", FormatJPEG, true, false},
		{"DKIF\x00\x00 \x00VP80", FormatIVF, true, true},
		{"OggS\x00\x02", FormatOgg, false, true},
		{"\x00\x00\x00\x01\x67\x42", FormatH264, true, true},
		{"\x00\x00\x01\x67\x42", FormatH264, true, true},
	}
	for _, tt := range tests {
		got, err := Detect(writeFile(t, "f", []byte(tt.head)))
		if err != nil || got != tt.want || got.Video() != tt.video || got.Encoded() != tt.encoded {
			t.Errorf("Detect(%q) = %v (video %v, encoded %v), %v; want %v (%v, %v)",
				tt.head, got, got.Video(), got.Encoded(), err, tt.want, tt.video, tt.encoded)
		}
	}
	for _, head := range []string{"", "YUV4MPEG", "RIFF\x24\x00\x00\x00AVI ", "\x00\x00\x02", "\xFF\xD8", "#!/bin/sh"} {
		path := writeFile(t, "bad", []byte(head))
		got, err := Detect(path)
		if !errors.Is(err, ErrFormat) || got != FormatUnknown || !strings.Contains(err.Error(), path) {
			t.Errorf("Detect(%q) = %v, %v; want FormatUnknown and an ErrFormat naming the file", head, got, err)
		}
	}
}

func TestDetectNamesCommonContainers(t *testing.T) {
	for head, name := range map[string]string{
		"\x00\x00\x00\x20ftypisom": "MP4",
		"\x1a\x45\xdf\xa3\x9f":     "WebM",
		"ID3\x04\x00":              "MP3",
		"fLaC\x00":                 "FLAC",
	} {
		_, err := Detect(writeFile(t, "c", []byte(head)))
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "ffmpeg -i") {
			t.Errorf("Detect(%q): %v; want an ErrFormat naming %s and how to convert it", head, err, name)
		}
	}
}

func TestFormatString(t *testing.T) {
	want := []string{"unknown", "y4m", "wav", "png", "jpeg", "ivf", "ogg", "h264"}
	for f, w := range want {
		if got := Format(f).String(); got != w {
			t.Errorf("Format(%d) = %q, want %q", f, got, w)
		}
	}
}
