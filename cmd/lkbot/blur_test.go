package main

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	testPhoto = "../../processors/segmentation/testdata/messi5.jpg"
	testLake  = "../../processors/segmentation/testdata/lake.jpg"
)

// runBlurCLI runs `lkbot blur args...` through run.
func runBlurCLI(t *testing.T, args ...string) (code int, stderr string) {
	t.Helper()
	var out, errOut syncBuffer
	code = run(append([]string{"lkbot", "blur"}, args...), &out, &errOut)
	return code, errOut.String()
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestBlurCommand(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
	}{
		{"blur", []string{"--radius", "12"}},
		{"background", []string{"--background", testLake, "--light-wrap", "0.3", "--model", "landscape"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, mask := filepath.Join(dir, tt.name+".png"), filepath.Join(dir, tt.name+"-mask.png")
			code, stderr := runBlurCLI(t, append([]string{"--in", testPhoto, "--out", out, "--mask", mask}, tt.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			img, m := readPNG(t, out), readPNG(t, mask)
			if img.Bounds() != image.Rect(0, 0, 548, 342) || m.Bounds() != img.Bounds() {
				t.Errorf("output %v and mask %v, want 548x342", img.Bounds(), m.Bounds())
			}
			// Person in the middle, crowd in the corner.
			if g, ok := m.(*image.Gray); !ok || g.GrayAt(240, 180).Y < 200 || g.GrayAt(20, 20).Y > 20 {
				t.Errorf("mask is not person-shaped: %T", m)
			}
		})
	}
}

func TestBlurCommandErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.png")
	notImage := filepath.Join(dir, "text.jpg")
	if err := os.WriteFile(notImage, []byte("not an image"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		code int
		want string
		args []string
	}{
		{"no input", exitUsage, "--in is required", []string{"--out", out}},
		{"missing file", exitUsage, "--in: cannot read " + filepath.Join(dir, "nope.jpg") + ": no such file", []string{"--in", filepath.Join(dir, "nope.jpg"), "--out", out}},
		{"not an image", exitUsage, "--in: " + notImage + " is not a JPEG or PNG image", []string{"--in", notImage, "--out", out}},
		{"background not an image", exitUsage, "--background: " + notImage + " is not a JPEG or PNG image", []string{"--in", testPhoto, "--out", out, "--background", notImage}},
		{"no output folder", exitUsage, "--out: folder " + filepath.Join(dir, "nope") + " does not exist", []string{"--in", testPhoto, "--out", filepath.Join(dir, "nope", "out.png")}},
		{"bad mask extension", exitUsage, `--mask: "` + filepath.Join(dir, "m.gif") + `" must end in .png`, []string{"--in", testPhoto, "--out", out, "--mask", filepath.Join(dir, "m.gif")}},
		{"bad extension", exitUsage, "must end in .png, .jpg or .jpeg", []string{"--in", testPhoto, "--out", filepath.Join(dir, "out.gif")}},
		{"bad radius", exitUsage, "blur radius out of range", []string{"--in", testPhoto, "--out", out, "--radius", "-2"}},
		{"both", exitUsage, "--radius and --background exclude each other", []string{"--in", testPhoto, "--out", out, "--radius", "5", "--background", testLake}},
		{"bad model", exitUsage, `unknown segmentation model: "tiny"`, []string{"--in", testPhoto, "--out", out, "--model", "tiny"}},
		{"bad light wrap", exitUsage, "light wrap 3 is out of range", []string{"--in", testPhoto, "--out", out, "--light-wrap", "3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stderr := runBlurCLI(t, tt.args...)
			lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
			if code != tt.code || len(lines) != 1 || !strings.HasPrefix(lines[0], "lkbot blur: ") || !strings.Contains(lines[0], tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and one line with %q", code, stderr, tt.code, tt.want)
			}
		})
	}
}
