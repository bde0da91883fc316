package tflite

import (
	"runtime"
	"strconv"
	"testing"
)

// BenchmarkRun runs each real model on 1 goroutine and on GOMAXPROCS.
func BenchmarkRun(b *testing.B) {
	for _, name := range modelFiles {
		m, err := LoadModel(readModel(b, name))
		if err != nil {
			b.Fatal(err)
		}
		for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
			b.Run(name+"/workers="+strconv.Itoa(workers), func(b *testing.B) {
				it := NewInterpreter(m, WithWorkers(workers))
				defer it.Close()
				fillPattern(it.Input(0).Data)
				b.ResetTimer()
				for b.Loop() {
					if err := it.Run(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
			})
		}
	}
}

// fillPattern fills x with a smooth deterministic pattern in [0, 1].
func fillPattern(x []float32) {
	for i := range x {
		x[i] = float32(i%251) / 250
	}
}
