package settings

import (
	"strings"
	"testing"
)

func TestDecodeYAMLGroups(t *testing.T) {
	groups := map[string][]string{"limits": {"n", "wait"}}
	var c sample
	if err := DecodeYAMLGroups([]byte("name: a\nlimits:\n  n: 7\n  wait: 2s\n"), groups, sampleTable().Fields(&c)); err != nil {
		t.Fatal(err)
	}
	if c.Name != "a" || c.N != 7 || c.Wait.String() != "2s" {
		t.Fatalf("decoded %+v", c)
	}
	for _, tt := range []struct{ yaml, want string }{
		{"n: 1\nlimits:\n  n: 2\n", `line 3: key "n" is given twice`},
		{"limits:\n  name: x\n", `line 2: unknown key "name" in limits (want n, wait)`},
		{"limits: 3\n", `line 1: key "limits": want a mapping of n, wait`},
		{"limits:\n  n: 1\nlimits:\n  n: 2\n", `line 3: key "limits" is given twice`},
		{"limits:\n  n: x\n", `line 2: key "n"`},
	} {
		var c sample
		err := DecodeYAMLGroups([]byte(tt.yaml), groups, sampleTable().Fields(&c))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.yaml, err, tt.want)
		}
	}
	// Without the group, the block's key is unknown, as before.
	if err := DecodeYAML([]byte("limits:\n  n: 1\n"), sampleTable().Fields(&c)); err == nil || !strings.Contains(err.Error(), `unknown key "limits"`) {
		t.Fatalf("DecodeYAML took a block: %v", err)
	}
}
