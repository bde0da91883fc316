package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadFile: a written report reads back; a missing file, a folder, a
// file that is not JSON, one with an unknown field or of another schema is
// refused with one line that names the file.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	if err := WriteFile(good, Build(sampleResult(), "lkbot test")); err != nil {
		t.Fatal(err)
	}
	if r, err := ReadFile(good); err != nil || r.Totals.Bots.Planned != 6 {
		t.Fatalf("ReadFile: %v", err)
	}
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for path, want := range map[string]string{
		filepath.Join(dir, "missing.json"): "no such file or directory",
		dir:                                "is a folder",
		write("text.json", "hello"):        "not JSON",
		write("extra.json", `{"schema":"lkbot.load/v1","x":1}`): `unknown field "x"`,
		write("v0.json", `{"schema":"lkbot.load/v0"}`):          `unknown report schema "lkbot.load/v0"`,
	} {
		_, err := ReadFile(path)
		if err == nil || !strings.HasPrefix(err.Error(), "report "+path+": ") || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("ReadFile(%s) = %v, want one line naming the file with %q", path, err, want)
		}
	}
}
