// Package report turns a load run's result into what people and CI read:
// the versioned JSON report (Schema) for now; the summary table, the HTML
// report and Prometheus metrics come next.
package report
