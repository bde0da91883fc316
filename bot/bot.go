// Package bot is one LiveKit participant: it connects, publishes live-encoded
// camera and microphone tracks, mutes and unpublishes them, exchanges data
// and metadata, and reports everything it sees as typed events.
package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"sync/atomic"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/media/stats"
)

// Params are a bot's collaborators.
type Params struct {
	Config Config
	// Logger defaults to a no-op logger.
	Logger *zap.Logger
	// Events receives every event; New creates a stream when nil.
	Events *event.Stream
	// Shared, when set, gives the camera and microphone media encoded
	// once for many bots; see SharedMedia.
	Shared *SharedMedia
	// Sink, when set, receives the packets of every subscribed track: a
	// recorder.
	Sink TrackSink
	// OnToken, when set, hears every token the bot mints after New (a
	// rejoin mints a fresh one), so that a redactor can hide it too.
	OnToken func(token string)
}

// Bot is one participant. Connect joins; Close leaves and stops everything
// the bot started.
type Bot struct {
	cfg    Config
	log    *zap.Logger
	events *event.Stream
	token  string
	claims *TokenClaims

	room *lksdk.Room
	// sdkRoom is the room Connect joins, set before the join starts, so
	// that a disconnect during or right after the join is not missed; nil
	// again if Connect gives up on the join.
	sdkRoom *lksdk.Room

	mu     sync.Mutex
	tracks map[livekit.TrackSource]localTrack
	// publishing holds sources whose Publish is in progress.
	publishing map[livekit.TrackSource]bool
	idle       idleSources
	// closed is set, under mu, when Close starts: nothing new may start.
	closed bool
	subs   subscriptions
	// feedback counts the NACKs and PLIs the bot sends for what it
	// receives.
	feedback stats.FeedbackCounter
	// sentRTP counts the RTP packets of each stream the bot sends.
	sentRTP  stats.SentCounter
	reported reportedState
	topics   map[string]TopicHandler
	rpc      map[string]lksdk.RpcHandlerFunc
	effect   effectSlot
	// shared is Params.Shared: encoders the bot's tracks attach to.
	shared *SharedMedia
	sink   TrackSink

	errMu   sync.Mutex
	lastErr map[string]time.Time // when each operation last emitted an error event

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	done      chan struct{}
	doneOnce  sync.Once
	closeOnce sync.Once
	// reason and endErr say why the session ended; set once, before done
	// closes.
	reason string
	endErr error
	// rejoins counts the times the bot got back into its room after its
	// session was lost (--rejoin).
	rejoins atomic.Uint64
	// rejoining is set while the bot is out of its room, joining again.
	rejoining atomic.Bool
	// restoreMuted, under mu, holds the mutes of the tracks a rejoin
	// publishes again; self the name, metadata and attributes it sets.
	restoreMuted map[livekit.TrackSource]bool
	self         selfState
	// joined is set once Connect got in: Close then reports the end.
	joined  atomic.Bool
	onToken func(string)
	// tokenExpires is when the token the bot joins with expires (Unix s).
	tokenExpires atomic.Int64
}

// Rejoins is how many times the bot got back into its room after losing
// its session (--rejoin).
func (b *Bot) Rejoins() uint64 { return b.rejoins.Load() }

// New validates cfg and prepares a bot; it does not connect.
func New(p Params) (*Bot, error) {
	cfg := p.Config
	if cfg.Identity == "" && cfg.Token == "" {
		cfg.Identity = GenerateIdentity()
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	b := &Bot{cfg: cfg, log: p.Logger, events: p.Events, shared: p.Shared, sink: p.Sink, onToken: p.OnToken, tracks: make(map[livekit.TrackSource]localTrack), publishing: make(map[livekit.TrackSource]bool), done: make(chan struct{})}
	if b.log == nil {
		b.log = zap.NewNop()
	}
	if b.events == nil {
		b.events = event.NewStream()
	}
	if err := b.prepareToken(); err != nil {
		return nil, err
	}
	b.effect.cfg = &b.cfg
	b.ctx, b.cancel = context.WithCancel(context.Background())
	return b, nil
}

// GenerateIdentity returns a fresh identity such as lkbot-3f9a1c2b.
func GenerateIdentity() string {
	var buf [4]byte
	_, _ = rand.Read(buf[:])
	return "lkbot-" + hex.EncodeToString(buf[:])
}

func (b *Bot) prepareToken() error {
	token := b.cfg.Token
	if token == "" {
		minted, err := MintToken(&b.cfg)
		if err != nil {
			return err
		}
		token = minted
	}
	claims, err := ParseTokenClaims(token)
	if err != nil {
		return err
	}
	if err := claims.Check(&b.cfg, time.Now()); err != nil {
		return err
	}
	b.token, b.claims = token, claims
	b.tokenExpires.Store(claims.ExpiresAt)
	if b.cfg.Room == "" {
		b.cfg.Room = claims.Video.Room
	}
	if b.cfg.Identity == "" {
		b.cfg.Identity = claims.Identity
	}
	return nil
}

// Events returns the bot's event stream.
func (b *Bot) Events() *event.Stream { return b.events }

// Identity returns the bot's identity.
func (b *Bot) Identity() string { return b.cfg.Identity }

// Done is closed when the bot leaves the room for any reason.
func (b *Bot) Done() <-chan struct{} { return b.done }

// Connect joins the room and publishes the configured tracks. It gives up
// after the configured connect timeout, and returns at once when ctx ends
// (see join).
func (b *Bot) Connect(ctx context.Context) error {
	room := b.newRoom()
	b.mu.Lock()
	b.sdkRoom = room
	b.mu.Unlock()
	if err := b.installRPC(room); err != nil {
		return err
	}
	if err := b.join(ctx, room); err != nil {
		return err
	}
	b.mu.Lock()
	b.room = room
	b.mu.Unlock()
	b.joined.Store(true)
	b.announceJoined(room)
	b.log.Info("joined room", zap.String("room", room.Name()), zap.String("identity", room.LocalParticipant.Identity()))
	b.startWatchers()
	if err := b.applyConfiguredEffect(); err != nil {
		b.Close()
		return err
	}
	if err := b.publishConfigured(); err != nil {
		b.Close()
		return err
	}
	return nil
}

// Run waits until ctx ends, the configured duration passes, or the bot is
// disconnected, then leaves. It returns nil for a planned end (ctx, the
// duration, Leave) and a *SessionEndError when the server or the network
// ended the session.
func (b *Bot) Run(ctx context.Context) error {
	var timeout <-chan time.Time
	if b.cfg.Duration > 0 {
		t := time.NewTimer(b.cfg.Duration)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
	case <-timeout:
	case <-b.done:
	}
	return b.Close()
}

// Leave makes Run return, as if the duration had passed.
func (b *Bot) Leave() {
	b.endSession(livekit.DisconnectReason_CLIENT_INITIATED)
}

// endSession records why the session ended and closes done; the first
// call wins.
func (b *Bot) endSession(reason livekit.DisconnectReason) {
	b.doneOnce.Do(func() {
		b.reason = reason.String()
		b.endErr = SessionEnd(reason, b.cfg.Identity)
		close(b.done)
	})
}

// endSessionWith ends the session for reason with err, which says why the
// bot could not go on (an expired token, when rejoining).
func (b *Bot) endSessionWith(reason string, err error) {
	b.doneOnce.Do(func() {
		b.reason = reason
		b.endErr = &SessionEndError{Reason: reason, kind: err, msg: err.Error()}
		close(b.done)
	})
}

// Close leaves the room, stops every goroutine and encoder the bot started,
// emits the final disconnected event and closes the event stream. It is
// safe to call more than once, and returns what Run returns.
func (b *Bot) Close() error {
	b.closeOnce.Do(func() {
		b.endSession(livekit.DisconnectReason_CLIENT_INITIATED)
		b.mu.Lock()
		b.closed = true
		room := b.room
		tracks := b.tracks
		b.tracks = map[livekit.TrackSource]localTrack{}
		b.mu.Unlock()
		if room != nil {
			flushData(room, time.Second)
			room.Disconnect()
		}
		for _, t := range tracks {
			t.close()
			t.releaseSource()
		}
		b.idle.closeAll()
		b.effect.close()
		b.cancel()
		b.wg.Wait()
		if b.joined.Load() {
			b.reportEnd()
		}
		b.events.Close()
	})
	return b.endErr
}

// spawn runs f on a goroutine that Close waits for. Once Close has begun
// it runs nothing and reports false.
func (b *Bot) spawn(f func()) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		f()
	}()
	return true
}

// Room returns the SDK room, or nil before Connect.
func (b *Bot) Room() *lksdk.Room {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.room
}

func (b *Bot) connectedRoom() (*lksdk.Room, error) {
	room := b.Room()
	if room == nil {
		return nil, ErrNotConnected
	}
	select {
	case <-b.done:
		return nil, ErrNotConnected
	default:
	}
	return room, nil
}

// emitError reports a failure that does not end the session as an error
// event, at most once a second per operation so a failing encoder cannot
// flood the stream.
func (b *Bot) emitError(op string, err error) {
	now := time.Now()
	b.errMu.Lock()
	if b.lastErr == nil {
		b.lastErr = map[string]time.Time{}
	}
	if now.Sub(b.lastErr[op]) < time.Second {
		b.errMu.Unlock()
		return
	}
	b.lastErr[op] = now
	b.errMu.Unlock()
	b.events.Publish(event.Error{Op: op, Message: err.Error()})
}
