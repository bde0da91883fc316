package bot

import (
	"maps"
	"slices"
	"testing"
)

// TestReportsWaitForConnected: what the SDK reports before the bot has
// said it is connected runs after the announcement, in order; later
// reports run at once.
func TestReportsWaitForConnected(t *testing.T) {
	var s reportedState
	var got []string
	s.report(func() { got = append(got, "early 1") })
	s.report(func() { got = append(got, "early 2") })
	s.open(func() { got = append(got, "connected") })
	s.report(func() { got = append(got, "late") })
	if want := []string{"connected", "early 1", "early 2", "late"}; !slices.Equal(got, want) {
		t.Fatalf("reports ran as %q, want %q", got, want)
	}
}

// TestSpeakersReportedOnChange: the server repeats the speakers while the
// same people speak; only a different list is news.
func TestSpeakersReportedOnChange(t *testing.T) {
	var s reportedState
	var reported [][]string
	for _, list := range [][]string{{"a"}, {"a"}, {"a", "b"}, {"a", "b"}, {"b", "a"}, {}, {}} {
		if s.changedSpeakers(list) {
			reported = append(reported, list)
		}
	}
	want := [][]string{{"a"}, {"a", "b"}, {"b", "a"}, {}}
	if !slices.EqualFunc(reported, want, slices.Equal) {
		t.Fatalf("reported %q, want %q", reported, want)
	}
}

func TestAttributeChanges(t *testing.T) {
	got := attributeChanges(map[string]string{"keep": "1", "edit": "a", "drop": "x"}, map[string]string{"keep": "1", "edit": "b", "add": "n"})
	if want := map[string]string{"edit": "b", "drop": "", "add": "n"}; !maps.Equal(got, want) {
		t.Fatalf("changes %v, want %v", got, want)
	}
}
