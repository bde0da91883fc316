// Package report turns a load run's result into what people and CI read:
// the versioned JSON report (Schema, Build, WriteFile, ReadFile), the
// summary with its table of rooms (WriteSummary), the self-contained HTML
// report (WriteHTML), and the merge of a sharded run's reports (Merge).
package report
