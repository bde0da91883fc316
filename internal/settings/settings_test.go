package settings

import (
	"errors"
	"strings"
	"testing"
	"time"
)

type sample struct {
	Name  string
	N     int
	Ratio float64
	On    bool
	Wait  time.Duration
	List  []string
	Attrs map[string]string
}

func sampleTable() Table[sample] {
	type C = sample
	return Table[sample]{
		{Key: "name", Usage: "a name", Default: "x", Field: func(c *C) any { return &c.Name }},
		{Key: "n", Usage: "a count", Default: 3, Field: func(c *C) any { return &c.N },
			Check: func(c *C) error {
				if c.N < 0 {
					return errors.New("negative")
				}
				return nil
			}},
		{Key: "ratio", Usage: "a ratio", Field: func(c *C) any { return &c.Ratio }},
		{Key: "on", Usage: "a switch", Default: true, Field: func(c *C) any { return &c.On }},
		{Key: "wait", Usage: "a wait", Default: time.Second, Field: func(c *C) any { return &c.Wait }},
		{Key: "list", Usage: "a list", Field: func(c *C) any { return &c.List }},
		{Key: "attrs", Flag: "attr", Usage: "attributes", Field: func(c *C) any { return &c.Attrs }},
	}
}

func TestDefaultsAndValidate(t *testing.T) {
	var c sample
	sampleTable().Defaults(&c)
	if c.Name != "x" || c.N != 3 || !c.On || c.Wait != time.Second || c.List != nil {
		t.Fatalf("defaults: %+v", c)
	}
	if err := sampleTable().Validate(&c); err != nil {
		t.Fatal(err)
	}
	c.N = -1
	if err := sampleTable().Validate(&c); err == nil || err.Error() != "n: negative" {
		t.Fatalf("Validate = %v, want n: negative", err)
	}
}

func TestCheckFindsTableBugs(t *testing.T) {
	if err := sampleTable().Check(); err != nil {
		t.Fatal(err)
	}
	type C = sample
	bad := []struct {
		name  string
		table Table[sample]
		want  string
	}{
		{"wrong default type", Table[sample]{{Key: "n", Usage: "u", Default: "3", Field: func(c *C) any { return &c.N }}}, "default 3 is a string"},
		{"dashed key", Table[sample]{{Key: "my-name", Usage: "u", Field: func(c *C) any { return &c.Name }}}, "not snake_case"},
		{"twice", Table[sample]{{Key: "a", Usage: "u", Field: func(c *C) any { return &c.Name }}, {Key: "a", Usage: "u", Field: func(c *C) any { return &c.Name }}}, "defined twice"},
		{"no usage", Table[sample]{{Key: "a", Field: func(c *C) any { return &c.Name }}}, "no usage"},
		{"unsupported type", Table[sample]{{Key: "a", Usage: "u", Field: func(c *C) any { return c }}}, "unsupported field type"},
	}
	for _, tt := range bad {
		if err := tt.table.Check(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Check = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestFlagName(t *testing.T) {
	fs := sampleTable().Fields(&sample{})
	if fs[0].Flag != "name" || fs[6].Flag != "attr" {
		t.Fatalf("flags %q %q", fs[0].Flag, fs[6].Flag)
	}
	if (Setting[sample]{Key: "segmentation_model"}).FlagName() != "segmentation-model" {
		t.Fatal("snake_case key does not become a dashed flag")
	}
}

func TestDecodeYAML(t *testing.T) {
	var c sample
	sampleTable().Defaults(&c)
	good := "name: y\nn: 5\nratio: 0.5\non: false\nwait: 30s\nlist: [a, b]\nattrs:\n  k: v\n"
	if err := DecodeYAML([]byte(good), sampleTable().Fields(&c)); err != nil {
		t.Fatal(err)
	}
	if c.Name != "y" || c.N != 5 || c.Ratio != 0.5 || c.On || c.Wait != 30*time.Second || len(c.List) != 2 || c.Attrs["k"] != "v" {
		t.Fatalf("decoded %+v", c)
	}
	if err := DecodeYAML(nil, sampleTable().Fields(&c)); err != nil {
		t.Fatalf("empty file: %v", err)
	}
	for _, tt := range []struct{ name, yaml, want string }{
		{"unknown key", "name: a\nnn: 3\n", `line 2: unknown key "nn"`},
		{"twice", "n: 1\nn: 2\n", `line 2: key "n" is given twice`},
		{"wrong int", "name: a\nn: many\n", `line 2: key "n": want an integer, got "many"`},
		{"fractional int", "name: a\nn: 30.5\n", `line 2: key "n": want an integer, got 30.5`},
		{"huge int", "n: 99999999999999999999\n", `line 1: key "n": 99999999999999999999 is out of range for an integer`},
		{"huge float for an int", "n: 1e300\n", `line 1: key "n": 1e300 is out of range for an integer`},
		{"infinite int", "n: .inf\n", `line 1: key "n": want an integer, got .inf`},
		{"empty int", "n:\n", `line 1: key "n": want an integer, got no value`},
		{"bool for an int", "n: true\n", `line 1: key "n": want an integer, got true`},
		{"string for a bool", "on: \"true\"\n", `line 1: key "on": want true or false, got "true"`},
		{"string for a float", "ratio: \"0.5\"\n", `line 1: key "ratio": want a number, got "0.5"`},
		{"wrong duration", "wait: soon\n", `line 1: key "wait"`},
		{"wrong bool", "on: maybe\n", `line 1: key "on": want true or false`},
		{"map wanted", "attrs: [a, b]\n", `line 1: key "attrs": want a mapping of key: value, got a list`},
		{"list wanted", "list: {a: b}\n", `line 1: key "list": want a list, got a mapping`},
		{"nested", "attrs:\n  k: [1]\n", `line 2: key "attrs.k"`},
		{"not a mapping", "- a\n- b\n", "line 1: want a mapping"},
		{"syntax", "name: [\n", "line"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var c sample
			err := DecodeYAML([]byte(tt.yaml), sampleTable().Fields(&c))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
		})
	}
}

// TestDecodeYAMLWholeNumbers: a whole number written as a float or in hex
// is an integer; a number is accepted for a float field.
func TestDecodeYAMLWholeNumbers(t *testing.T) {
	for in, want := range map[string]int{"n: 3e6\n": 3_000_000, "n: 0x1e\n": 30, "n: -4\n": -4, "n: 30.0\n": 30} {
		var c sample
		if err := DecodeYAML([]byte(in), sampleTable().Fields(&c)); err != nil || c.N != want {
			t.Errorf("%q: n = %d, err %v; want %d", in, c.N, err, want)
		}
	}
	var c sample
	if err := DecodeYAML([]byte("ratio: 2\n"), sampleTable().Fields(&c)); err != nil || c.Ratio != 2 {
		t.Errorf("ratio: 2 gave %g, %v", c.Ratio, err)
	}
}

func TestDecodeStrict(t *testing.T) {
	var dst struct {
		Name string `yaml:"name"`
		N    int    `yaml:"n"`
	}
	if err := DecodeStrict([]byte("name: a\nn: 2\n"), &dst); err != nil || dst.N != 2 {
		t.Fatalf("decode: %v %+v", err, dst)
	}
	if err := DecodeStrict([]byte("name: a\nm: 2\n"), &dst); err == nil || !strings.Contains(err.Error(), `line 2: unknown key "m"`) {
		t.Fatalf("unknown key: %v", err)
	}
	if err := DecodeStrict([]byte("n: x\n"), &dst); err == nil || !strings.Contains(err.Error(), `line 1: key "n": want an integer`) {
		t.Fatalf("wrong type: %v", err)
	}
}

func FuzzDecodeYAML(f *testing.F) {
	f.Add([]byte("name: a\nn: 30\n"))
	f.Add([]byte("attrs: {a: b}\nwait: 1s\nlist: [x]\n"))
	f.Add([]byte("n: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c sample
		if err := DecodeYAML(data, sampleTable().Fields(&c)); err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error: %q", err)
		}
	})
}
