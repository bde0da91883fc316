package report

import (
	"slices"
	"testing"
)

func TestNaturalCompare(t *testing.T) {
	names := []string{"load-10", "load-2", "load-1-sub-10", "load-1-sub-2", "load-1", "a", "load-02x", "load-2x"}
	slices.SortStableFunc(names, naturalCompare)
	want := []string{"a", "load-1", "load-1-sub-2", "load-1-sub-10", "load-2", "load-02x", "load-2x", "load-10"}
	if !slices.Equal(names, want) {
		t.Fatalf("sorted %v, want %v", names, want)
	}
}
