package tflite

import (
	"os"
	"path/filepath"
	"testing"
)

// modelFiles are the real models, shipped beside the segmentation package.
var modelFiles = []string{"selfie_segmentation.tflite", "selfie_segmentation_landscape.tflite"}

func readModel(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "models", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestLoadRealModels(t *testing.T) {
	for _, name := range modelFiles {
		t.Run(name, func(t *testing.T) {
			m, err := LoadModel(readModel(t, name))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("inputs %v outputs %v, %d nodes, arena %d floats, scratch %d", m.Inputs(), m.Outputs(), len(m.nodes), m.arenaSize, m.scratch)
			t.Logf("ops %v", m.Operators())
			it := NewInterpreter(m)
			defer it.Close()
			in := it.Input(0)
			for i := range in.Data {
				in.Data[i] = 0.5
			}
			if err := it.Run(); err != nil {
				t.Fatal(err)
			}
			out := it.Output(0).Data
			lo, hi := out[0], out[0]
			for _, v := range out {
				lo, hi = min(lo, v), max(hi, v)
			}
			t.Logf("output range %v..%v", lo, hi)
		})
	}
}
