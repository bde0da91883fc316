package report

import (
	"testing"
	"time"
)

func TestDistributionNearestRank(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- { // 1..100 ms, out of order
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	d := distributionOf(ds)
	if d.Count != 100 || d.P50 != 0.050 || d.P95 != 0.095 || d.P99 != 0.099 || d.Max != 0.100 {
		t.Fatalf("distribution %+v", d)
	}
	if one := distributionOf([]time.Duration{time.Second}); one.P50 != 1 || one.P99 != 1 || one.Max != 1 {
		t.Fatalf("one value: %+v", one)
	}
	if (distributionOf(nil) != Distribution{}) {
		t.Fatal("no values should give zeros")
	}
}
