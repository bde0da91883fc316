// Package promcheck holds test helpers for lkbot's Prometheus metrics.
package promcheck

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
)

// Lint gathers g and fails t for each naming problem promlint finds, as
// testutil.GatherAndLint does; testutil itself would add a dependency
// (kylelemons/godebug) to go.mod.
func Lint(t testing.TB, g prometheus.Gatherer) {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	problems, err := promlint.NewWithMetricFamilies(mfs).Lint()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", p.Metric, p.Text)
	}
}
