package procstat

import (
	"runtime"
	"testing"
	"time"
)

// TestCPUAndRSS: spinning raises the CPU time, and holding 64 MiB that is
// touched shows in the resident set.
func TestCPUAndRSS(t *testing.T) {
	before := CPU()
	for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
	}
	if used := CPU() - before; used < 20*time.Millisecond {
		t.Errorf("50 ms of spinning used %v of CPU", used)
	}
	if runtime.GOOS != "linux" {
		t.Skip("RSS reads /proc")
	}
	rss0 := RSS()
	buf := make([]byte, 64<<20)
	for i := range buf {
		buf[i] = 1
	}
	if grew := int64(RSS()) - int64(rss0); grew < 48<<20 {
		t.Errorf("RSS grew by %d MiB for 64 MiB touched", grew>>20)
	}
	runtime.KeepAlive(buf)
}
