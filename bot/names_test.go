package bot

import "testing"

// TestReportedNames: a name is compared with the one last reported, the
// join's included, so a rename before the first poll after a join is
// reported; a participant first met by a poll is recorded silently.
func TestReportedNames(t *testing.T) {
	var r reportedNames
	var published []string
	report := func(identity, name string) {
		r.changed(identity, name, func() { published = append(published, identity+"="+name) })
	}
	r.joined("alice", "", func() {})
	report("alice", "Alice A.") // renamed before the first poll
	report("alice", "Alice A.")
	report("bob", "Bob") // met by a poll before its join was reported
	r.left("alice")
	report("alice", "Alice B.") // back, first met by a poll
	want := []string{"alice=Alice A."}
	if len(published) != len(want) || published[0] != want[0] {
		t.Fatalf("published %q, want %q", published, want)
	}
}
