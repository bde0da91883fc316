package webm

import (
	"fmt"
	"os"
	"testing"
)

func readAll(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func fmtSscan(s string, x *float64) (int, error) { return fmt.Sscan(s, x) }
