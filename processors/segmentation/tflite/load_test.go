package tflite

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestLoadTruncated(t *testing.T) {
	data := readModel(t, modelFiles[1])
	for n := 0; n < len(data); n += 1 + n/50 {
		if _, err := LoadModel(data[:n]); err == nil {
			t.Fatalf("loaded the first %d of %d bytes", n, len(data))
		}
	}
}

func TestLoadCorrupted(t *testing.T) {
	// Random damage must give an error or a model, never a panic; the
	// damage in the first bytes of the file lands in its tables.
	data := readModel(t, modelFiles[0])
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 150; i++ {
		bad := append([]byte(nil), data...)
		for j := 0; j < 1+i%4; j++ {
			pos := r.IntN(len(bad))
			if i%2 == 0 {
				pos = r.IntN(4096) // the tables are at the start
			}
			bad[pos] = byte(r.Uint32())
		}
		m, err := LoadModel(bad)
		if err == nil && i%5 == 0 { // running is slow under -race
			runOnce(t, m)
		}
	}
}

func TestLoadRejectsNonModels(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":      nil,
		"short":      []byte("TFL3"),
		"identifier": []byte("\x08\x00\x00\x00NOPE\x00\x00\x00\x00"),
		"root":       []byte("\xff\xff\xff\x7fTFL3\x00\x00\x00\x00"),
	} {
		if _, err := LoadModel(data); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", name, err)
		}
	}
}

func TestLoadUnsupportedOperator(t *testing.T) {
	for _, tc := range []struct {
		code   int32
		custom string
		name   string
	}{
		{code: 25, name: "SOFTMAX"},
		{code: 126, name: "BATCH_MATMUL"},
		{code: 300, name: "BUILTIN_300"},
		{code: opCustom, custom: "MaxPoolingWithArgmax2D", name: "MaxPoolingWithArgmax2D"},
	} {
		data := buildModel([]testTensor{{name: "in", shape: []int32{4}}, {name: "out", shape: []int32{4}}},
			[]int32{0}, []int32{1}, []testOp{{code: tc.code, custom: tc.custom, inputs: []int32{0}, outputs: []int32{1}}})
		_, err := LoadModel(data)
		if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), `unsupported operator "`+tc.name+`"`) {
			t.Errorf("code %d: got %v, want unsupported operator %q", tc.code, err, tc.name)
		}
	}
}

func TestLoadInvalidGraphs(t *testing.T) {
	relu := func(in, out int32) testOp { return testOp{code: opRelu, inputs: []int32{in}, outputs: []int32{out}} }
	v := []int32{4}
	cases := map[string][]byte{
		"used before computed": buildModel(
			[]testTensor{{name: "a", shape: v}, {name: "b", shape: v}, {name: "c", shape: v}},
			[]int32{0}, []int32{2}, []testOp{relu(1, 2), relu(0, 1)}),
		"computed twice": buildModel(
			[]testTensor{{name: "a", shape: v}, {name: "b", shape: v}},
			[]int32{0}, []int32{1}, []testOp{relu(0, 1), relu(0, 1)}),
		"tensor out of range": buildModel(
			[]testTensor{{name: "a", shape: v}, {name: "b", shape: v}},
			[]int32{0}, []int32{1}, []testOp{relu(0, 7)}),
		"output never computed": buildModel(
			[]testTensor{{name: "a", shape: v}, {name: "b", shape: v}},
			[]int32{0}, []int32{1}, nil),
		"shape mismatch": buildModel(
			[]testTensor{{name: "a", shape: v}, {name: "b", shape: []int32{5}}},
			[]int32{0}, []int32{1}, []testOp{relu(0, 1)}),
		"conv output shape": convModel(3, 3, 1, 3, 3, 1, 2, []float32{1, 0, 0, 1}, []float32{0}, convOptions(paddingValid, 1, optNone)),
		"conv weights size": buildModel([]testTensor{
			{name: "in", shape: shape4(3, 3, 1)},
			{name: "filter", shape: []int32{1, 2, 2, 1}, data: f32bytes(1, 2, 3)},
			{name: "out", shape: shape4(2, 2, 1)},
		}, []int32{0}, []int32{2}, []testOp{{code: opConv2D, inputs: []int32{0, 1}, outputs: []int32{2}, options: convOptions(paddingValid, 1, optNone)}}),
		"zero stride": convModel(3, 3, 1, 2, 2, 1, 2, []float32{1, 0, 0, 1}, []float32{0}, convOptions(paddingValid, 0, optNone)),
		"huge tensor": buildModel(
			[]testTensor{{name: "a", shape: []int32{1 << 20, 1 << 20}}, {name: "b", shape: []int32{1 << 20, 1 << 20}}},
			[]int32{0}, []int32{1}, []testOp{relu(0, 1)}),
	}
	for name, data := range cases {
		if _, err := LoadModel(data); err == nil {
			t.Errorf("%s: loaded", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

// runOnce runs a model that loaded, on zeros, when its buffers are small
// enough to be worth it, to show that loading checked what kernels rely on.
func runOnce(t testing.TB, m *Model) {
	if m.arenaSize > 1<<22 || m.scratch > 1<<20 || m.Work() > 1e8 {
		return
	}
	it := NewInterpreter(m)
	defer it.Close()
	if err := it.Run(); err != nil {
		t.Fatal(err)
	}
}

// FuzzLoadModel checks that no input makes LoadModel (or running what it
// accepts) panic. The real models are seeds, so plain go test runs them;
// Go's fuzzing engine crawls with 250 KB inputs, though, so to fuzz for
// long, leave them out with -short:
//
//	go test -short -run '^$' -fuzz FuzzLoadModel ./processors/segmentation/tflite
func FuzzLoadModel(f *testing.F) {
	if !testing.Short() {
		for _, name := range modelFiles {
			f.Add(readModel(f, name))
		}
	}
	f.Add(convModel(3, 3, 1, 2, 2, 1, 2, []float32{1, 0, 0, 1}, []float32{1}, convOptions(paddingValid, 1, optNone)))
	f.Add(transposeModel(2, 2, 1, 4, 4, 1, 2, 2, []float32{1, 2, 3, 4}, []float32{0.5}, transposeOptions(customPaddingSame, 2, 2)))
	f.Add(resizeModel(2, 2, 4, 4, 0, 1))
	f.Add(meanModel(shape4(2, 2, 2), shape4(1, 1, 2), []int32{1, 2}, 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := LoadModel(data)
		if err != nil {
			return
		}
		runOnce(t, m)
	})
}

func TestModelKeepsNoReferenceToData(t *testing.T) {
	data := readModel(t, modelFiles[1])
	m, err := LoadModel(data)
	if err != nil {
		t.Fatal(err)
	}
	it := NewInterpreter(m)
	defer it.Close()
	fillPattern(it.Input(0).Data)
	if err := it.Run(); err != nil {
		t.Fatal(err)
	}
	want := append([]float32(nil), it.Output(0).Data...)
	clear(data)
	fillPattern(it.Input(0).Data)
	if err := it.Run(); err != nil {
		t.Fatal(err)
	}
	assertClose(t, it.Output(0).Data, want, 0)
}
