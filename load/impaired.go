package load

import (
	"math"
	"math/rand/v2"
)

// impairSeed fixes the choice of impaired bots: the same config picks the
// same bots in every run and every shard.
const impairSeed = 0x6c6b626f74 // "lkbot"

// ImpairedArrivals is the set of arrivals (see Member.Arrival) that
// --impair applies to: all of them when ImpairFraction is 1, none without
// --impair, and otherwise round(fraction × bots) of them, picked by a
// seeded shuffle of the whole run so that they spread over rooms and
// roles, and every shard agrees on them.
func ImpairedArrivals(c *Config) map[int]bool {
	total := c.TotalBots()
	if c.Bot.Impair == "" || total == 0 {
		return map[int]bool{}
	}
	k := int(math.Round(c.ImpairFraction * float64(total)))
	out := make(map[int]bool, k)
	if k >= total {
		for a := range total {
			out[a] = true
		}
		return out
	}
	rng := rand.New(rand.NewPCG(impairSeed, uint64(total)))
	for _, a := range rng.Perm(total)[:k] {
		out[a] = true
	}
	return out
}
