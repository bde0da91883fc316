package load

import "testing"

func TestCheckDescriptors(t *testing.T) {
	if err := checkDescriptors(1000, 20000); err != nil {
		t.Fatal(err)
	}
	err := checkDescriptors(3000, 20000)
	if err == nil || err.Error() != "3000 bots need about 24064 open files (8 each), but the limit is 20000: raise it (ulimit -n, LimitNOFILE=, or the container's nofile), or split the run with --shard" {
		t.Fatalf("checkDescriptors = %v", err)
	}
}
