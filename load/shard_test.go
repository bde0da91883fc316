package load

import (
	"strings"
	"testing"
)

func TestParseShard(t *testing.T) {
	for in, want := range map[string]Shard{"": Whole, "0/1": Whole, "2/8": {2, 8}, "007/10": {7, 10}} {
		got, err := ParseShard(in)
		if err != nil || got != want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"3":                      "is not I/N",
		"1/1":                    "I must be below N",
		"0/0":                    "N is out of range",
		"-1/4":                   "I is not a number",
		"+1/4":                   "I is not a number",
		"1/0x4":                  "N is not a number",
		" 1/4":                   "I is not a number",
		"1/4/5":                  "N is not a number",
		"0/1000000":              "N is out of range",
		"0/99999999999999999999": "N is out of range",
	} {
		_, err := ParseShard(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseShard(%q) = %v, want %q", in, err, want)
		}
	}
}

func TestShardFromEnvironment(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	c := DefaultConfig()
	if err := c.ApplyEnvironment(env(map[string]string{EnvShardIndex: "2", EnvShardCount: "5"})); err != nil || c.Shard != "2/5" {
		t.Fatalf("shard %q, %v; want 2/5", c.Shard, err)
	}
	c.Shard = "1/3"
	if err := c.ApplyEnvironment(env(map[string]string{EnvShardIndex: "2", EnvShardCount: "5"})); err != nil || c.Shard != "1/3" {
		t.Fatalf("--shard lost to the environment: %q, %v", c.Shard, err)
	}
	for _, kv := range []map[string]string{{EnvShardIndex: "2"}, {EnvShardCount: "5"}, {EnvShardIndex: "5", EnvShardCount: "5"}} {
		c := DefaultConfig()
		if err := c.ApplyEnvironment(env(kv)); err == nil || !strings.HasPrefix(err.Error(), "shard: ") {
			t.Errorf("%v: err %v, want a shard error", kv, err)
		}
	}
}

// FuzzParseShard: any text either parses to a shard that prints back as
// itself (leading zeros aside) or is refused with one line.
func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"", "0/1", "2/8", "1/1", "a/b", "-1/2", "9999999999/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := ParseShard(s)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
			return
		}
		if sh.Count < 1 || sh.Index < 0 || sh.Index >= sh.Count || sh.Count > MaxShards {
			t.Fatalf("ParseShard(%q) = %v", s, sh)
		}
		if again, err := ParseShard(sh.String()); err != nil || again != sh {
			t.Fatalf("%v does not parse back: %v, %v", sh, again, err)
		}
	})
}
