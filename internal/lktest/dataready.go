package lktest

import (
	"testing"
	"time"
)

// ProbeTopic marks the packets a test sends with WaitDataReady; peers
// should not record them as data.
const ProbeTopic = "lktest.probe"

// WaitDataReady calls send every 100 ms until arrived reports that one of
// the packets reached who, and fails t after 10 s. The server drops data
// for a participant whose data channel is not open yet, which can be just
// after it joins: a test that checks delivery waits for this first.
func WaitDataReady(t testing.TB, who string, send func(), arrived func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !arrived() {
		if time.Now().After(deadline) {
			t.Fatalf("%s never received a probe packet", who)
		}
		send()
		for end := time.Now().Add(100 * time.Millisecond); !arrived() && time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		}
	}
}
