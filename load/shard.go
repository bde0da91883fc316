package load

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is this process's share of a run: the Index-th of Count, Index
// from 0, as Kubernetes numbers the pods of an Indexed Job.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// Whole is the shard of a run that is not split.
var Whole = Shard{Index: 0, Count: 1}

// MaxShards bounds N in I/N.
const MaxShards = 100_000

// String is the shard as --shard takes it: I/N.
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// ParseShard parses I/N, as in 2/8. Empty is the whole run.
func ParseShard(text string) (Shard, error) {
	if text == "" {
		return Whole, nil
	}
	is, ns, ok := strings.Cut(text, "/")
	if !ok {
		return Shard{}, fmt.Errorf("%q is not I/N, as in 0/4", text)
	}
	i, err := parseCount(is)
	if err != nil {
		return Shard{}, fmt.Errorf("%q is not I/N, as in 0/4: I %w", text, err)
	}
	n, err := parseCount(ns)
	if err != nil {
		return Shard{}, fmt.Errorf("%q is not I/N, as in 0/4: N %w", text, err)
	}
	if n < 1 || n > MaxShards {
		return Shard{}, fmt.Errorf("%q: N is out of range (1 to %d)", text, MaxShards)
	}
	if i >= n {
		return Shard{}, fmt.Errorf("%q: I must be below N (shards count from 0)", text)
	}
	return Shard{Index: i, Count: n}, nil
}

// parseCount reads a plain decimal number: no sign, no spaces, no 0x.
func parseCount(s string) (int, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, fmt.Errorf("is not a number from 0")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > MaxShards {
		return 0, fmt.Errorf("is out of range (0 to %d)", MaxShards)
	}
	return n, nil
}

// ParsedShard is c.Shard parsed (see ParseShard).
func (c *Config) ParsedShard() (Shard, error) { return ParseShard(c.Shard) }

// Environment variables that pick the shard when --shard is not given.
// Kubernetes sets the index in every pod of an Indexed Job; the count is
// the Job's completions, which its manifest passes on.
const (
	EnvShardIndex = "JOB_COMPLETION_INDEX"
	EnvShardCount = "JOB_COMPLETION_COUNT"
)

// ApplyEnvironment fills in Shard from JOB_COMPLETION_INDEX and
// JOB_COMPLETION_COUNT when it is empty. One without the other is an error:
// a pod that guessed its count would make the wrong share.
func (c *Config) ApplyEnvironment(getenv func(string) string) error {
	if c.Shard != "" {
		return nil
	}
	index, count := getenv(EnvShardIndex), getenv(EnvShardCount)
	switch {
	case index == "" && count == "":
		return nil
	case index == "":
		return fmt.Errorf("shard: %s is set but %s is not (set both, or --shard I/N)", EnvShardCount, EnvShardIndex)
	case count == "":
		return fmt.Errorf("shard: %s is set but %s is not (set both, or --shard I/N)", EnvShardIndex, EnvShardCount)
	}
	c.Shard = index + "/" + count
	if _, err := c.ParsedShard(); err != nil {
		return fmt.Errorf("shard: from %s and %s: %w", EnvShardIndex, EnvShardCount, err)
	}
	return nil
}
