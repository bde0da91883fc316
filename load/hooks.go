package load

import "github.com/lkbot/lkbot/bot"

// Hooks let other parts of lkbot take part in each bot's life without the
// runner knowing them: impairment changes a bot's parameters before it
// exists. (Quality measurement is the runner's own: see measurement.) Each hook runs on the bot's own goroutine,
// so hooks of different bots run concurrently. Any hook may be nil.
type Hooks struct {
	// Prepare may change a bot's parameters before bot.New.
	Prepare func(m Member, p *bot.Params)
	// Joined runs once the bot has joined and published its tracks.
	Joined func(m Member, b *bot.Bot)
	// Leaving runs just before a joined bot leaves, whether the run let it
	// go or its session ended first.
	Leaving func(m Member, b *bot.Bot)
}

func (h Hooks) prepare(m Member, p *bot.Params) {
	if h.Prepare != nil {
		h.Prepare(m, p)
	}
}

func (h Hooks) joined(m Member, b *bot.Bot) {
	if h.Joined != nil {
		h.Joined(m, b)
	}
}

func (h Hooks) leaving(m Member, b *bot.Bot) {
	if h.Leaving != nil {
		h.Leaving(m, b)
	}
}
