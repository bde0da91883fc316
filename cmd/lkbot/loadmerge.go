package main

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/internal/settings"
	"github.com/lkbot/lkbot/load"
	"github.com/lkbot/lkbot/load/report"
)

// loadMergeCommand combines the JSON reports of a run's shards into the
// run's report, as one process would have made it.
func loadMergeCommand() *cli.Command {
	return &cli.Command{
		Name:      "merge",
		Usage:     "combine the JSON reports of a run's shards into the run's summary and reports",
		ArgsUsage: "SHARD.json [SHARD.json ...]",
		Description: "Each shard of a run (--shard I/N, or an Indexed Job's pods) writes its JSON\n" +
			"report. merge sums their counts, merges their histograms (percentiles come\n" +
			"from the merged histograms, never from averaging), judges the thresholds\n" +
			"again on the whole, prints the summary and writes the merged reports.\n" +
			"Example:\n  lkbot load merge shard-*.json --report-json load.json --report-html load.html",
		Flags:  flagsFor(mergeOutputs(&load.Config{})),
		Action: runLoadMerge,
	}
}

// mergeOutputs are the settings of load's that merge takes too: where to
// write the reports.
func mergeOutputs(cfg *load.Config) []settings.Field {
	var out []settings.Field
	for _, f := range load.Settings().Fields(cfg) {
		if slices.Contains([]string{"report_json", "report_html"}, f.Key) {
			out = append(out, f)
		}
	}
	return out
}

func runLoadMerge(_ context.Context, cmd *cli.Command) error {
	var cfg load.Config
	applyFlags(cmd, mergeOutputs(&cfg))
	paths := cmd.Args().Slice()
	if len(paths) == 0 {
		return usageError{errors.New("give the shards' JSON reports, as in: lkbot load merge shard-0.json shard-1.json")}
	}
	for _, out := range []struct{ key, path string }{{"report_json", cfg.ReportJSON}, {"report_html", cfg.ReportHTML}} {
		if err := report.CheckWritable(out.path); err != nil {
			return usageError{fmt.Errorf("%s: %w", out.key, err)}
		}
	}
	var reports []*report.Report
	for _, path := range paths {
		r, err := report.ReadFile(path)
		if err != nil {
			return usageError{err}
		}
		reports = append(reports, r)
	}
	merged, err := report.Merge(reports...)
	if err != nil {
		return usageError{err}
	}
	if err := report.WriteSummary(cmd.Root().Writer, merged); err != nil {
		return err
	}
	if err := writeReports(merged, cfg.ReportJSON, cfg.ReportHTML); err != nil {
		return err
	}
	return brokenThreshold(merged.Thresholds)
}

// writeReports writes the JSON and HTML reports where asked.
func writeReports(r *report.Report, jsonPath, htmlPath string) error {
	if jsonPath != "" {
		if err := report.WriteFile(jsonPath, r); err != nil {
			return err
		}
	}
	if htmlPath != "" {
		return report.WriteHTML(htmlPath, r)
	}
	return nil
}

// brokenThreshold is the first threshold the report's figures broke, as
// the error that exits 20; nil if none.
func brokenThreshold(ts []report.Threshold) error {
	judged := make([]load.Threshold, 0, len(ts))
	for _, t := range ts {
		judged = append(judged, load.Threshold(t))
	}
	if broken := load.FirstBroken(judged); broken != nil {
		return broken
	}
	return nil
}
