package encode

import "sync"

// fanOutChunk is how many tracks one goroutine writes a sample to. A write
// (packetisation, interceptors, SRTP, the socket) costs tens of
// microseconds, so a thousand publishers written one after another would
// outlast a 20 ms audio frame on one core.
const fanOutChunk = 64

// fanOut calls write(i) for every i below n and returns when all are done:
// up to fanOutChunk on the caller's goroutine, more in chunks on
// goroutines of their own, so that a sample reaches many publishers on
// every core. Each i is written once, and the next sample waits for all.
func fanOut(n int, write func(i int)) {
	if n <= fanOutChunk {
		for i := range n {
			write(i)
		}
		return
	}
	var wg sync.WaitGroup
	for from := 0; from < n; from += fanOutChunk {
		to := min(from+fanOutChunk, n)
		wg.Go(func() {
			for i := from; i < to; i++ {
				write(i)
			}
		})
	}
	wg.Wait()
}
