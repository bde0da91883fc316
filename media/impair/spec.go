package impair

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Link is the impairment of one direction.
type Link struct {
	// Loss is the share of packets dropped, 0 to 1.
	Loss float64
	// Burst is the mean length, in packets, of a run of losses (a
	// Gilbert-Elliott channel whose long-run loss is Loss). 0 or 1 drops
	// each packet independently.
	Burst float64
	// Delay is added to every packet.
	Delay time.Duration
	// Jitter spreads each packet's delay uniformly over Delay ± Jitter
	// (never below zero). Packets keep their order: one that would
	// overtake its predecessor leaves right after it.
	Jitter time.Duration
}

// Zero reports whether the link leaves packets alone.
func (l Link) Zero() bool { return l.Loss == 0 && l.Delay == 0 && l.Jitter == 0 }

// delays reports whether the link holds packets back.
func (l Link) delays() bool { return l.Delay > 0 || l.Jitter > 0 }

// Spec is an impairment for both directions of a peer's media.
type Spec struct {
	// In impairs RTP the peer receives; Out, RTP it sends.
	In, Out Link
	// Seed makes the random decisions reproducible.
	Seed uint64
}

// Zero reports whether the spec impairs nothing.
func (s Spec) Zero() bool { return s.In.Zero() && s.Out.Zero() }

// Limits on what ParseSpec accepts.
const (
	MaxDelay = 10 * time.Second
	MaxBurst = 1000
)

// SpecSyntax is the grammar, for help texts and errors.
const SpecSyntax = "comma-separated [in:|out:]key=value with keys loss=P%, burst=N, delay=D, jitter=D, seed=N, e.g. in:loss=10%,delay=80ms"

// ParseSpec parses an impairment such as "loss=5%,delay=80ms,jitter=10ms"
// or "in:loss=10%,out:delay=100ms". A key without a direction applies to
// both; a key with one (in: what the bot receives, out: what it sends)
// overrides it for that direction, whatever the order. seed takes no
// direction. An empty string impairs nothing.
func ParseSpec(s string) (Spec, error) {
	var spec Spec
	if strings.TrimSpace(s) == "" {
		return spec, nil
	}
	both := map[string]string{}
	dir := map[string]map[string]string{"in": {}, "out": {}}
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		kv, err := splitItem(item)
		if err != nil {
			return Spec{}, err
		}
		target := both
		if kv.dir != "" {
			target = dir[kv.dir]
		}
		if _, dup := target[kv.key]; dup {
			return Spec{}, fmt.Errorf("%q: %s given twice", item, kv.key)
		}
		target[kv.key] = kv.value
	}
	if v, ok := both["seed"]; ok {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return Spec{}, fmt.Errorf("%q: want a whole number, as in seed=42", "seed="+v)
		}
		spec.Seed = seed
		delete(both, "seed")
	}
	var err error
	if spec.In, err = parseLink(both, dir["in"]); err != nil {
		return Spec{}, err
	}
	if spec.Out, err = parseLink(both, dir["out"]); err != nil {
		return Spec{}, err
	}
	return spec, nil
}

type item struct{ dir, key, value string }

var keys = []string{"loss", "burst", "delay", "jitter", "seed"}

func splitItem(s string) (item, error) {
	var it item
	if d, rest, ok := strings.Cut(s, ":"); ok {
		if d != "in" && d != "out" {
			return it, fmt.Errorf("%q: direction %q is not in or out", s, d)
		}
		it.dir, s = d, rest
	}
	k, v, ok := strings.Cut(s, "=")
	if !ok || v == "" {
		return it, fmt.Errorf("%q is not key=value (%s)", s, SpecSyntax)
	}
	known := false
	for _, key := range keys {
		known = known || k == key
	}
	if !known {
		return it, fmt.Errorf("%q: unknown key %q (want loss, burst, delay, jitter or seed)", s, k)
	}
	if k == "seed" && it.dir != "" {
		return it, fmt.Errorf("%q: seed applies to both directions; drop %s:", s, it.dir)
	}
	it.key, it.value = k, v
	return it, nil
}

// parseLink reads one direction's keys, the direction's own over both's.
func parseLink(both, own map[string]string) (Link, error) {
	get := func(k string) (string, bool) {
		if v, ok := own[k]; ok {
			return v, true
		}
		v, ok := both[k]
		return v, ok
	}
	var l Link
	var err error
	if v, ok := get("loss"); ok {
		if l.Loss, err = parsePercent(v); err != nil {
			return Link{}, fmt.Errorf("%q: %w", "loss="+v, err)
		}
	}
	if v, ok := get("burst"); ok {
		if l.Burst, err = strconv.ParseFloat(v, 64); err != nil || !(l.Burst >= 1 && l.Burst <= MaxBurst) {
			return Link{}, fmt.Errorf("%q: want a mean run length in packets, 1 to %d", "burst="+v, MaxBurst)
		}
	}
	if l.Burst > 1 && l.Loss > l.Burst/(l.Burst+1) {
		return Link{}, fmt.Errorf("loss=%g%% with burst=%g: runs that long allow at most %.4g%% loss", l.Loss*100, l.Burst, 100*l.Burst/(l.Burst+1))
	}
	if v, ok := get("delay"); ok {
		if l.Delay, err = parseDelay(v); err != nil {
			return Link{}, fmt.Errorf("%q: %w", "delay="+v, err)
		}
	}
	if v, ok := get("jitter"); ok {
		if l.Jitter, err = parseDelay(v); err != nil {
			return Link{}, fmt.Errorf("%q: %w", "jitter="+v, err)
		}
	}
	return l, nil
}

func parsePercent(v string) (float64, error) {
	num, ok := strings.CutSuffix(v, "%")
	if !ok {
		return 0, fmt.Errorf("want a percentage, as in loss=5%%")
	}
	p, err := strconv.ParseFloat(num, 64)
	if err != nil || !(p >= 0 && p <= 100) {
		return 0, fmt.Errorf("want 0%% to 100%%")
	}
	return p / 100, nil
}

func parseDelay(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || d > MaxDelay {
		return 0, fmt.Errorf("want a duration from 0 to %s, as in 80ms", MaxDelay)
	}
	return d, nil
}

// String gives the spec back in ParseSpec's grammar, each direction in
// full.
func (s Spec) String() string {
	var parts []string
	for _, d := range []struct {
		name string
		l    Link
	}{{"in", s.In}, {"out", s.Out}} {
		if d.l.Loss > 0 {
			parts = append(parts, fmt.Sprintf("%s:loss=%g%%", d.name, d.l.Loss*100))
		}
		if d.l.Burst > 0 {
			parts = append(parts, fmt.Sprintf("%s:burst=%g", d.name, d.l.Burst))
		}
		if d.l.Delay > 0 {
			parts = append(parts, fmt.Sprintf("%s:delay=%s", d.name, d.l.Delay))
		}
		if d.l.Jitter > 0 {
			parts = append(parts, fmt.Sprintf("%s:jitter=%s", d.name, d.l.Jitter))
		}
	}
	if s.Seed != 0 {
		parts = append(parts, fmt.Sprintf("seed=%d", s.Seed))
	}
	return strings.Join(parts, ",")
}
