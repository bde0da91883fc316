package report

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/load/quality"
)

// TestSummaryManyRoomsAndInvalid: with more than MaxTableRooms rooms the
// table lists those with the highest latency p95, highest first, and says
// how many it left out; an invalid run's last line says so.
func TestSummaryManyRoomsAndInvalid(t *testing.T) {
	r := Build(sampleResult(), "lkbot test")
	r.Rooms = nil
	for i := 1; i <= 25; i++ {
		q := quality.New()
		q.RecordDuration(quality.LatencyMs, time.Duration(i)*time.Millisecond)
		r.Rooms = append(r.Rooms, Room{Name: fmt.Sprintf("load-%d", i), Bots: Bots{Planned: 3, Joined: 3}, Quality: q})
	}
	r.Invalid = "the generator was saturated for 3 s (cpu 0.95 of 2 cores)"
	var out strings.Builder
	if err := WriteSummary(&out, r); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	header := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "room ") {
			header = i
		}
	}
	if header < 0 || len(lines) != header+1+MaxTableRooms+3 {
		t.Fatalf("want a header, %d rooms, a total, a note and INVALID:\n%s", MaxTableRooms, out.String())
	}
	rows := lines[header+1 : header+1+MaxTableRooms]
	if !strings.HasPrefix(rows[0], "load-25 ") || !strings.HasPrefix(rows[MaxTableRooms-1], "load-6 ") {
		t.Fatalf("rows from %q to %q, want load-25 down to load-6", rows[0], rows[MaxTableRooms-1])
	}
	if !strings.HasPrefix(lines[len(lines)-3], "total ") {
		t.Fatalf("no total row after the rooms: %q", lines[len(lines)-3])
	}
	if want := "(5 more rooms not listed: the table shows the 20 with the highest latency p95)"; lines[len(lines)-2] != want {
		t.Fatalf("note %q, want %q", lines[len(lines)-2], want)
	}
	if want := "INVALID: " + r.Invalid; lines[len(lines)-1] != want {
		t.Fatalf("last line %q, want %q", lines[len(lines)-1], want)
	}
}
