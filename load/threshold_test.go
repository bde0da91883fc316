package load

import (
	"strings"
	"testing"
	"time"

	"github.com/lkbot/lkbot/load/quality"
	"github.com/lkbot/lkbot/media/stats"
)

func TestParsePercent(t *testing.T) {
	for in, want := range map[string]float64{"": -1, "2%": 0.02, "0.5%": 0.005, " 100 %": 1, "0%": 0} {
		got, err := ParsePercent(in)
		if err != nil || got != want {
			t.Errorf("ParsePercent(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"2", "0.02", "x%", "-1%", "101%", "NaN%", "%"} {
		if _, err := ParsePercent(in); err == nil {
			t.Errorf("ParsePercent(%q) took it", in)
		}
	}
}

// aggregateWith is a total quality aggregate of one video track with the
// given loss and freeze time over 100 s, and latencies of latencyMs.
func aggregateWith(lost uint64, frozen time.Duration, latencyMs ...int64) *quality.Aggregate {
	a := quality.New()
	a.AddTrack(stats.Quality{Expected: 1000, Lost: lost, LostBeforeRepair: lost, VideoDuration: 100 * time.Second, FreezeDuration: frozen, Intervals: 3000}, true)
	for _, l := range latencyMs {
		a.Record(quality.LatencyMs, l)
	}
	return a
}

func TestThresholdsJudgeTheRun(t *testing.T) {
	c := validConfig()
	c.MaxJoinFailures, c.MaxLoss, c.MaxP95Latency, c.MaxFreezeRatio = 0, "2%", 400*time.Millisecond, "1%"
	limits := c.Limits()
	if len(limits) != 4 {
		t.Fatalf("limits %+v", limits)
	}
	lat := make([]int64, 100)
	for i := range lat {
		lat[i] = int64(100 + i) // p95 is 195 ms
	}
	good := Judge(limits, MeasuredOf(0, aggregateWith(10, 500*time.Millisecond, lat...)))
	if broken := FirstBroken(good); broken != nil {
		t.Fatalf("a good run broke %v", broken)
	}
	for _, tt := range []struct {
		name string
		m    Measured
		want string
	}{
		{"failures", MeasuredOf(1, aggregateWith(0, 0, lat...)), "threshold max_join_failures broken: limit 0, measured 1"},
		{"loss", MeasuredOf(0, aggregateWith(25, 0, lat...)), "threshold max_loss broken: limit 2%, measured 2.5%"},
		{"latency", MeasuredOf(0, aggregateWith(0, 0, 500, 500, 500)), "threshold max_p95_latency broken: limit 400ms, measured 500ms"},
		{"freezes", MeasuredOf(0, aggregateWith(0, 2*time.Second, lat...)), "threshold max_freeze_ratio broken: limit 1%, measured 2%"},
		{"nothing received", MeasuredOf(0, quality.New()), "threshold max_loss broken: limit 2%, but no track was measured after the warm-up"},
	} {
		broken := FirstBroken(Judge(limits, tt.m))
		if broken == nil || broken.Error() != tt.want {
			t.Errorf("%s: %v, want %q", tt.name, broken, tt.want)
		}
	}
}

func TestThresholdsOffByDefault(t *testing.T) {
	c := validConfig()
	if l := c.Limits(); len(l) != 0 {
		t.Fatalf("default limits %+v", l)
	}
	for _, bad := range []func(*Config){
		func(c *Config) { c.MaxLoss = "2" },
		func(c *Config) { c.MaxFreezeRatio = "200%" },
		func(c *Config) { c.MaxP95Latency = -time.Second },
	} {
		c := validConfig()
		bad(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "max_") {
			t.Errorf("Validate took a bad threshold: %v", err)
		}
	}
}
