package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// ErrMismatch marks reports that are not the shards of one run, so that
// Merge refuses them.
var ErrMismatch = errors.New("not the shards of one run")

// perShardKeys are the config keys that may differ between the shards of
// one run: the shard itself, and where each process writes its reports,
// serves its metrics and how much it logs, none of which changes the bots.
var perShardKeys = []string{"shard", "report_json", "report_html", "metrics", "log_level"}

// checkShards refuses what Merge cannot combine: no report, a report that
// is already a merge, a shard that is not I/N, shards of runs split in
// different numbers, a shard given twice, or configs that differ in
// anything but perShardKeys.
func checkShards(reports []*Report) error {
	if len(reports) == 0 {
		return errors.New("no report to merge")
	}
	seen := map[int]bool{}
	first := reports[0]
	for i, r := range reports {
		if r == nil {
			return fmt.Errorf("report %d is empty", i+1)
		}
		s := r.Shard
		switch {
		case r.Merged != nil:
			return fmt.Errorf("report %d is already a merge (of shards %s of %d): merge the shards' own reports", i+1, indexList(r.Merged.Shards), r.Merged.Count)
		case s.Count < 1 || s.Index < 0 || s.Index >= s.Count:
			return fmt.Errorf("report %d: shard %s is not I/N with I from 0 to N-1", i+1, s)
		case s.Count != first.Shard.Count:
			return fmt.Errorf("%w: shard %s is of a run split in %d, shard %s of one split in %d", ErrMismatch, s, s.Count, first.Shard, first.Shard.Count)
		case seen[s.Index]:
			return fmt.Errorf("%w: shard %s is given twice", ErrMismatch, s)
		}
		seen[s.Index] = true
		if key, ok := configDiff(first.Config, r.Config); !ok {
			return fmt.Errorf("%w: the configs of shards %s and %s differ in %s (%s, %s)", ErrMismatch, first.Shard, s, key, configValue(first.Config, key), configValue(r.Config, key))
		}
	}
	return nil
}

// configDiff returns the first key, in order, whose value differs between
// a and b, perShardKeys aside; ok when there is none.
func configDiff(a, b map[string]any) (key string, ok bool) {
	keys := slices.Sorted(maps.Keys(a))
	for k := range b {
		if _, in := a[k]; !in {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		if slices.Contains(perShardKeys, k) {
			continue
		}
		if configValue(a, k) != configValue(b, k) {
			return k, false
		}
	}
	return "", true
}

// configValue is a config's value for key as JSON, so that a report built
// in this process (an int) and one read from a file (a float64) compare
// equal; "missing" if the config lacks it.
func configValue(c map[string]any, key string) string {
	v, ok := c[key]
	if !ok {
		return "missing"
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}
