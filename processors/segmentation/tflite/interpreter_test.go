package tflite

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestRunAllocatesNothing(t *testing.T) {
	m, err := LoadModel(readModel(t, modelFiles[1]))
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2} {
		it := NewInterpreter(m, WithWorkers(workers))
		fillPattern(it.Input(0).Data)
		allocs := testing.AllocsPerRun(5, func() {
			if err := it.Run(); err != nil {
				t.Fatal(err)
			}
		})
		it.Close()
		if allocs != 0 {
			t.Errorf("%d workers: %v allocations per Run, want 0", workers, allocs)
		}
	}
}

func TestCloseStopsWorkers(t *testing.T) {
	m, err := LoadModel(readModel(t, modelFiles[1]))
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	it := NewInterpreter(m, WithWorkers(4))
	if err := it.Run(); err != nil {
		t.Fatal(err)
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	if err := it.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines after Close, %d before", runtime.NumGoroutine(), before)
		}
		time.Sleep(time.Millisecond)
	}
	if err := it.Run(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Run after Close: %v, want ErrClosed", err)
	}
}

func TestWorkersGiveSameResult(t *testing.T) {
	m, err := LoadModel(readModel(t, modelFiles[0]))
	if err != nil {
		t.Fatal(err)
	}
	var outs [][]float32
	for _, workers := range []int{1, 3} {
		it := NewInterpreter(m, WithWorkers(workers))
		fillPattern(it.Input(0).Data)
		if err := it.Run(); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, append([]float32(nil), it.Output(0).Data...))
		it.Close()
	}
	assertClose(t, outs[1], outs[0], 0)
}

func TestFusion(t *testing.T) {
	// conv -> RELU -> ADD(skip) becomes one kernel; the result is as if
	// each operator ran alone: relu(x*2 - 3) + x.
	data := buildModel([]testTensor{
		{name: "x", shape: shape4(1, 4, 1)},
		{name: "w", shape: []int32{1, 1, 1, 1}, data: f32bytes(2)},
		{name: "b", shape: []int32{1}, data: f32bytes(-3)},
		{name: "conv", shape: shape4(1, 4, 1)},
		{name: "relu", shape: shape4(1, 4, 1)},
		{name: "sum", shape: shape4(1, 4, 1)},
	}, []int32{0}, []int32{5}, []testOp{
		{code: opConv2D, inputs: []int32{0, 1, 2}, outputs: []int32{3}, options: convOptions(paddingValid, 1, optNone)},
		{code: opRelu, inputs: []int32{3}, outputs: []int32{4}},
		{code: opAdd, inputs: []int32{0, 4}, outputs: []int32{5}, options: fbTable{optNone}},
	})
	m, err := LoadModel(data)
	if err != nil {
		t.Fatal(err)
	}
	if ops := strings.Join(m.Operators(), " "); ops != "CONV_2D+RELU+ADD" {
		t.Errorf("operators %q, want CONV_2D+RELU+ADD", ops)
	}
	got := runModel(t, data, []float32{0, 1, 2, 3})
	assertClose(t, got, []float32{0, 1, 3, 6}, 0)
}

func TestNoFusionIntoSharedResult(t *testing.T) {
	// The conv result is also a graph output, so RELU must stay separate.
	data := buildModel([]testTensor{
		{name: "x", shape: shape4(1, 2, 1)},
		{name: "w", shape: []int32{1, 1, 1, 1}, data: f32bytes(1)},
		{name: "conv", shape: shape4(1, 2, 1)},
		{name: "relu", shape: shape4(1, 2, 1)},
	}, []int32{0}, []int32{3, 2}, []testOp{
		{code: opConv2D, inputs: []int32{0, 1}, outputs: []int32{2}, options: convOptions(paddingValid, 1, optNone)},
		{code: opRelu, inputs: []int32{2}, outputs: []int32{3}},
	})
	m, err := LoadModel(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Operators()) != 2 {
		t.Fatalf("operators %v, want CONV_2D and RELU", m.Operators())
	}
	it := NewInterpreter(m)
	defer it.Close()
	copy(it.Input(0).Data, []float32{-1, 2})
	if err := it.Run(); err != nil {
		t.Fatal(err)
	}
	assertClose(t, it.Output(0).Data, []float32{0, 2}, 0)
	assertClose(t, it.Output(1).Data, []float32{-1, 2}, 0)
}
