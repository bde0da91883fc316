package load

import "github.com/lkbot/lkbot/bot"

// NewMediaPoolHook builds c's media pool for the tests of package
// load_test, and returns its prepare hook and its close.
func NewMediaPoolHook(c *Config) (prepare func(Member, *bot.Params), closePool func(), err error) {
	p, err := newMediaPool(c, nil)
	if err != nil {
		return nil, nil, err
	}
	return p.prepare, p.close, nil
}
