package mic

import (
	"os"
	"testing"
)

// TestCloseJoinsThreads opens and closes repeatedly: were miniaudio's
// capture thread (or libpulse's) left behind, the process would gain a
// thread per round. goleak cannot see C threads; /proc can.
func TestCloseJoinsThreads(t *testing.T) {
	srv := startPulse(t)
	ctx := testContext(t)
	round := func() {
		src, err := Open(ctx, srv.MonitorName())
		if err != nil {
			t.Fatal(err)
		}
		frame := make([]int16, 960)
		src.Next(frame)
		if err := src.Close(); err != nil {
			t.Fatal(err)
		}
		if err := src.Close(); err != nil {
			t.Fatalf("second Close: %v", err)
		}
	}
	round() // let the Go runtime grow the threads that cgo calls need
	before := threads(t)
	const rounds = 8
	for range rounds {
		round()
	}
	if after := threads(t); after >= before+rounds {
		t.Fatalf("%d threads before, %d after %d rounds of Open and Close", before, after, rounds)
	}
}

func threads(t *testing.T) int {
	t.Helper()
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	return len(tasks)
}
