package load

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/logging"
)

// Params are what a Runner needs.
type Params struct {
	Config Config
	// Logger receives every bot's log lines; nil discards them.
	Logger *zap.Logger
	// Redactor, when set, learns each bot's token as it is minted, so
	// that the log that writes through it never shows one.
	Redactor *logging.Redactor
	Hooks    Hooks
	// OnSample, when set, gets every Sample as it is taken, about once a
	// second, on the sampling goroutine: the live display and Prometheus
	// read the run through it.
	OnSample func(Sample)
	// OnLatency, when set, gets every end-to-end latency a bot measures,
	// warm-up or not, on that bot's receiving goroutine: it must be quick.
	OnLatency func(room string, d time.Duration)
}

// Runner runs one shard of a load test.
type Runner struct {
	cfg      Config
	shard    Shard
	plan     []Member
	log      *zap.Logger
	redactor *logging.Redactor
	hooks    Hooks
	params   Params
	counts   counters
	// start is when the ramp begins: --start-at, or Run's call.
	start time.Time
	// impaired holds the arrivals --impair applies to.
	impaired map[int]bool
	// media is what publishers share (--media shared, --speakers); Run
	// sets it, and nil shares nothing.
	media *mediaPool
}

// NewRunner checks the config, including each role's bot config, and
// plans this shard's bots. It starts nothing.
func NewRunner(p Params) (*Runner, error) {
	if err := p.Config.Validate(); err != nil {
		return nil, err
	}
	shard, err := p.Config.ParsedShard()
	if err != nil {
		return nil, fmt.Errorf("shard: %w", err)
	}
	start, err := p.Config.StartTime()
	if err != nil {
		return nil, fmt.Errorf("start_at: %w", err)
	}
	r := &Runner{cfg: p.Config, shard: shard, log: p.Logger, redactor: p.Redactor, hooks: p.Hooks, params: p, start: start}
	if r.log == nil {
		r.log = zap.NewNop()
	}
	for _, role := range Roles() {
		cfg := r.botConfig(Member{Room: "check", Identity: "check", Role: role}, "")
		cfg.Token = ""
		cfg.APIKey, cfg.APISecret = "check", "check"
		if err := cfg.Validate(); err != nil {
			return nil, fmt.Errorf("%s bots: %w", role, err)
		}
	}
	r.plan = Plan(&r.cfg, shard)
	r.impaired = ImpairedArrivals(&r.cfg)
	if limit := openFileLimit(); limit > 0 {
		if err := checkDescriptors(len(r.plan), limit); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Plan is this shard's bots, in arrival order.
func (r *Runner) Plan() []Member { return r.plan }

// Run joins this shard's bots on the ramp's schedule, keeps them in their
// rooms for the configured duration after the last join has finished, then
// makes every one leave and waits until all have. When ctx ends, Run stops
// starting bots, interrupts joins in flight and leaves at once. Every bot
// it made is closed when it returns.
func (r *Runner) Run(ctx context.Context) *Result {
	res := &Result{Config: r.cfg, Shard: r.shard, Outcomes: make([]Outcome, len(r.plan))}
	ms := newMeasurement(r.cfg.Warmup, r.params.OnLatency)
	res.Quality = ms.rooms
	for i, m := range r.plan {
		res.Outcomes[i].Member = m
		res.Outcomes[i].Impaired = r.impaired[m.Arrival]
	}
	res.StartedAt = r.start
	if res.StartedAt.IsZero() {
		res.StartedAt = time.Now()
	} else if wait := time.Until(res.StartedAt); wait > 0 {
		r.log.Info("waiting for the start time", zap.Time("start_at", res.StartedAt), zap.Duration("in", wait))
	}
	media, err := newMediaPool(&r.cfg, r.log)
	if err != nil {
		r.log.Error("shared media failed: every publisher encodes its own", zap.Error(err))
	}
	r.media = media
	sampling, stopSampling := context.WithCancel(context.WithoutCancel(ctx))
	smp := newSampler(ms, &r.counts, len(r.plan), res.StartedAt, r.params.OnSample)
	var sampled sync.WaitGroup
	sampled.Go(func() { smp.run(sampling) })
	sampled.Go(func() { (&layout{ms: ms, mode: r.cfg.Layout}).run(sampling) })
	leave := make(chan struct{})
	churns := make([]chan struct{}, len(r.plan))
	var bots, joins sync.WaitGroup
	started := ramp(ctx, res.StartedAt, r.plan, r.cfg.Ramp, func(i int) {
		joins.Add(1)
		bots.Add(1)
		churns[i] = make(chan struct{}, 1)
		go func() {
			defer bots.Done()
			r.runBot(ctx, &res.Outcomes[i], ms, joins.Done, leave, churns[i])
		}()
	})
	joins.Wait()
	res.RampEndedAt = time.Now()
	ms.rampEnded()
	r.log.Info("ramp done", zap.Int("started", started), zap.Int("planned", len(r.plan)), zap.Duration("took", res.RampEndedAt.Sub(res.StartedAt)))
	during, stopDuring := context.WithCancel(ctx)
	var duringStay sync.WaitGroup
	duringStay.Go(func() { churn(during, r.cfg.Churn, churns) })
	duringStay.Go(func() { (&chat{ms: ms, rate: r.cfg.DataRate, log: r.log}).run(during) })
	res.EndedBy = r.stay(ctx, joinedSoFar(res.Outcomes))
	stopDuring()
	duringStay.Wait()
	close(leave)
	bots.Wait()
	r.media.close()
	ms.stop()
	stopSampling()
	sampled.Wait()
	res.EndedAt = time.Now()
	res.Series, res.Invalid = smp.Series(), smp.Invalid()
	return res
}

// joinedSoFar counts the bots that joined. Once every join has finished,
// Joined no longer changes, while a bot whose session ends may still be
// writing its other fields: so it reads Joined only.
func joinedSoFar(outcomes []Outcome) int {
	n := 0
	for i := range outcomes {
		if outcomes[i].Joined {
			n++
		}
	}
	return n
}

// stay waits while the bots are in their rooms and says what ended it.
func (r *Runner) stay(ctx context.Context, joined int) string {
	if ctx.Err() != nil {
		return EndSignal
	}
	if joined == 0 {
		return EndNoBotJoined
	}
	var timeout <-chan time.Time
	if r.cfg.Duration > 0 {
		t := time.NewTimer(r.cfg.Duration)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
		return EndSignal
	case <-timeout:
		return EndDuration
	}
}

// runBot is one bot's whole life: join, stay until leave closes or its
// session ends, leave; a churn request in between makes it leave and join
// again. It fills o, and calls joined once its first join has finished,
// either way. ms measures what the bot receives.
func (r *Runner) runBot(ctx context.Context, o *Outcome, ms *measurement, joined func(), leave, churn <-chan struct{}) {
	m := o.Member
	o.Started = time.Now()
	b, err := r.join(ctx, o, ms)
	o.JoinTime = time.Since(o.Started)
	joined()
	for err == nil {
		select {
		case <-leave:
			r.leave(m, b, o, ms)
			return
		case <-b.Done():
			r.leave(m, b, o, ms)
			return
		case <-churn:
			select {
			case <-leave: // the run ends: no point joining again
				r.leave(m, b, o, ms)
				return
			default:
			}
			r.leave(m, b, o, ms)
			r.counts.churns.Add(1)
			o.Rejoins++
			rejoinStarted := time.Now()
			if b, err = r.join(ctx, o, ms); err != nil {
				o.RejoinFailures++
			} else {
				ms.recordJoin(m, time.Since(rejoinStarted))
			}
		}
	}
	o.Left = time.Now()
}

// join makes and connects m's bot. The first join fills o's outcome; a
// rejoin's failure only counts. On success it starts measuring the bot.
func (r *Runner) join(ctx context.Context, o *Outcome, ms *measurement) (*bot.Bot, error) {
	m, first := o.Member, !o.Joined
	started := time.Now()
	b, secrets, err := r.newBot(m)
	if err == nil {
		if r.cfg.DataRate > 0 {
			b.HandleTopic(ChatTopic, ms.receiveChat(m.Room))
		}
		if err = b.Connect(ctx); err != nil {
			_ = b.Close()
		}
	}
	if err != nil {
		if first {
			o.fail(err, secrets)
		}
		if classify(err) != FailureInterrupted {
			r.counts.failures.Add(1)
		}
		return nil, err
	}
	if first {
		o.Joined = true
		ms.recordJoin(m, time.Since(started))
	}
	r.counts.joins.Add(1)
	ms.joined(m, b)
	r.hooks.joined(m, b)
	return b, nil
}

// leave makes a joined bot leave, recording how its session ended.
func (r *Runner) leave(m Member, b *bot.Bot, o *Outcome, ms *measurement) {
	r.hooks.leaving(m, b)
	ms.leaving(b)
	var ended *bot.SessionEndError
	if errors.As(b.Close(), &ended) {
		o.SessionEnd = ended.Reason
		r.counts.sessionEnds.Add(1)
	}
	o.Left = time.Now()
}

// newBot makes m's bot with its own least-privilege token, and returns the
// secrets its errors must not show.
func (r *Runner) newBot(m Member) (*bot.Bot, []string, error) {
	secrets := []string{r.cfg.Bot.APISecret}
	token, err := mintToken(r.cfg.Bot.APIKey, r.cfg.Bot.APISecret, m, r.cfg.DataRate > 0)
	if err != nil {
		return nil, secrets, err
	}
	secrets = append(secrets, token)
	if r.redactor != nil {
		r.redactor.Add(token)
	}
	p := bot.Params{Config: r.botConfig(m, token), Logger: r.log}
	// Shared media first, so that hooks (tests, impairment) have the
	// last word.
	r.media.prepare(m, &p)
	r.hooks.prepare(m, &p)
	b, err := bot.New(p)
	if err != nil {
		return nil, secrets, fmt.Errorf("%s: %w", m.Identity, err)
	}
	return b, secrets, nil
}

// botConfig is m's bot config: the template's connection and media, m's
// room and identity, the sources of m's role, and token. The bot never
// holds the API key or secret.
func (r *Runner) botConfig(m Member, token string) bot.Config {
	cfg := r.cfg.Bot
	cfg.APIKey, cfg.APISecret, cfg.Token = "", "", token
	cfg.Room, cfg.Identity = m.Room, m.Identity
	cfg.Duration, cfg.StatsInterval = 0, 0
	if !r.impaired[m.Arrival] {
		cfg.Impair = ""
	}
	cfg.DecodeVideo = m.decodes(r.cfg.DecodeSample)
	cfg.Camera, cfg.Mic = "none", "none"
	switch m.Role {
	case RolePublisher:
		cfg.Camera, cfg.Mic = "synthetic", "synthetic"
	case RoleAudioPublisher:
		cfg.Mic = "synthetic"
	}
	return cfg
}

// fail records why o's bot did not join, in one line without secrets.
func (o *Outcome) fail(err error, secrets []string) {
	o.Failure = classify(err)
	o.Error = logging.NewRedactor(nil, secrets...).String(err.Error())
}
