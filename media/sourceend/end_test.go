package sourceend

import (
	"errors"
	"sync"
	"testing"
)

func TestZeroValueIsRunning(t *testing.T) {
	var e End
	select {
	case <-e.Done():
		t.Fatal("Done is closed before Finish")
	default:
	}
	if e.Ended() || e.Err() != nil {
		t.Errorf("Ended %v, Err %v before Finish; want false, nil", e.Ended(), e.Err())
	}
}

// TestFirstReasonStays: Done closes once, and a later Finish (a Close
// after a failure, say) keeps the first reason.
func TestFirstReasonStays(t *testing.T) {
	lost := errors.New("device lost")
	for _, tc := range []struct {
		name    string
		reasons []error
		want    error
	}{
		{"closed", []error{nil}, nil},
		{"failed", []error{lost}, lost},
		{"failed then closed", []error{lost, nil}, lost},
		{"closed then failed", []error{nil, lost}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e End
			done := e.Done() // taken before Finish: the same channel closes
			for _, err := range tc.reasons {
				e.Finish(err)
			}
			select {
			case <-done:
			default:
				t.Fatal("Done is open after Finish")
			}
			if !e.Ended() {
				t.Error("Ended = false after Finish")
			}
			if err := e.Err(); err != tc.want {
				t.Errorf("Err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestConcurrentFinish: many goroutines finish at once; Done closes once
// (a second close would panic) and one of their reasons stays. Run with
// -race.
func TestConcurrentFinish(t *testing.T) {
	var e End
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for i := range errs {
		errs[i] = errors.New("reason")
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-e.Done()
		}()
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.Finish(errs[i])
		}()
	}
	wg.Wait()
	got := e.Err()
	for _, err := range errs {
		if got == err {
			return
		}
	}
	t.Errorf("Err = %v, want one of the reasons given", got)
}
