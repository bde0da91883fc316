package bot

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"go.uber.org/zap"

	"github.com/lkbot/lkbot/bot/event"
)

// With --rejoin the bot never gives up on its room. When the SDK's own
// reconnecting fails, or the server ends the session for any reason but a
// removal (unless --rejoin-after-removal) or another participant taking
// the identity, the bot closes its tracks, keeping their sources open,
// and joins again: after 1 s, then 2, 4… up to --rejoin-max-backoff, each
// with jitter, on a fresh token when it has the key and secret and its
// token is near its end. Back in, it publishes the same sources with the
// same mutes and sets its name, metadata and attributes as they were; its
// effect and its command and RPC handlers belong to the bot, not the
// session, and carry over.

// rejoinFirstDelay is the wait before the first rejoin attempt.
const rejoinFirstDelay = time.Second

// sdkReconnectWindow is how long, with --rejoin, the SDK may try to get
// the session back by itself: its tries come after 0, 0.3, 1.5 and 4.2 s,
// then 4.8 s later, and further apart each time, for about 90 s in all.
// Past this window the bot drops the session and joins again on its own
// schedule, so that no wait between tries is longer than its own backoff
// allows.
const sdkReconnectWindow = 5 * time.Second

// lostTrack is what a track lost with the session is published again with.
type lostTrack struct {
	source livekit.TrackSource
	muted  bool
}

// rejoinable reports whether a session that ended for reason is joined
// again.
func (b *Bot) rejoinable(reason livekit.DisconnectReason) bool {
	if !b.cfg.Rejoin {
		return false
	}
	switch reason {
	case livekit.DisconnectReason_CLIENT_INITIATED, livekit.DisconnectReason_DUPLICATE_IDENTITY:
		return false
	case livekit.DisconnectReason_PARTICIPANT_REMOVED, livekit.DisconnectReason_ROOM_DELETED, livekit.DisconnectReason_ROOM_CLOSED:
		return b.cfg.RejoinAfterRemoval
	}
	return true
}

// sessionLost handles the end of room's session: the bot's end, or with
// --rejoin the start of joining again.
func (b *Bot) sessionLost(room *lksdk.Room, reason livekit.DisconnectReason) {
	b.mu.Lock()
	if b.room != room && b.sdkRoom != room {
		b.mu.Unlock()
		return // an old session's late news
	}
	if !b.rejoinable(reason) || b.closed || b.room != room {
		b.mu.Unlock()
		b.endSession(reason)
		return
	}
	b.room, b.sdkRoom = nil, nil
	b.rejoining.Store(true)
	tracks := b.tracks
	b.tracks = map[livekit.TrackSource]localTrack{}
	b.mu.Unlock()
	lost := make([]lostTrack, 0, len(tracks))
	for source, t := range tracks {
		lost = append(lost, lostTrack{source: source, muted: t.isMuted()})
		t.close()
		t.keepSource(&b.idle)
	}
	b.reported.report(func() { b.lostSightOfRemotes(reason) })
	outSince := time.Now()
	b.log.Warn("session lost; rejoining", zap.String("reason", reason.String()))
	if !b.spawn(func() { b.rejoin(outSince, reason.String(), lost) }) {
		b.endSession(reason)
	}
}

// limitSDKReconnect gives the SDK's reconnecting sdkReconnectWindow to
// succeed before the session counts as lost.
func (b *Bot) limitSDKReconnect() {
	if !b.cfg.Rejoin {
		return
	}
	room := b.Room()
	if room == nil {
		return
	}
	b.spawn(func() {
		window := time.NewTimer(sdkReconnectWindow)
		defer window.Stop()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-b.ctx.Done():
				return
			case <-tick.C:
				if room.ConnectionState() == lksdk.ConnectionStateConnected || b.Room() != room {
					return
				}
				continue
			case <-window.C:
			}
			b.log.Warn("the SDK did not reconnect in time; joining again", zap.Duration("window", sdkReconnectWindow))
			b.sessionLost(room, livekit.DisconnectReason_CONNECTION_TIMEOUT)
			room.Disconnect()
			return
		}
	})
}

// lostSightOfRemotes reports everyone in the room as left, with the
// reason the bot lost its session: out of the room, it cannot tell who
// stays, and rejoining reports whoever is there as joined. Call it from a
// report.
func (b *Bot) lostSightOfRemotes(reason livekit.DisconnectReason) {
	for identity, r := range b.reported.forgetRemotes() {
		b.events.Publish(event.ParticipantLeft{Identity: identity, SID: r.remote.SID(), Reason: reason.String()})
	}
}

// rejoin joins again until it gets in, the bot closes, or the token it
// was given has expired.
func (b *Bot) rejoin(outSince time.Time, reason string, lost []lostTrack) {
	var lastErr string
	for attempt := 1; ; attempt++ {
		delay := rejoinDelay(attempt, b.cfg.RejoinMaxBackoff)
		b.events.Publish(event.Rejoining{Attempt: attempt, DelayMs: float64(delay) / float64(time.Millisecond), Reason: reason, LastError: lastErr})
		wait := time.NewTimer(delay)
		select {
		case <-wait.C:
		case <-b.ctx.Done():
			wait.Stop()
			return
		}
		if err := b.renewToken(); err != nil {
			b.log.Error("cannot rejoin", zap.Error(err))
			b.endSessionWith(reason, err)
			return
		}
		room, err := b.joinAgain()
		if err != nil {
			lastErr = err.Error()
			b.log.Warn("rejoin failed", zap.Int("attempt", attempt), zap.Error(err))
			continue
		}
		if !b.adopt(room, lost) {
			room.Disconnect()
			return
		}
		out := time.Since(outSince)
		b.rejoins.Add(1)
		b.log.Info("rejoined", zap.Int("attempt", attempt), zap.Duration("out", out))
		b.events.Publish(event.Rejoined{Attempt: attempt, OutMs: float64(out) / float64(time.Millisecond), ParticipantSID: room.LocalParticipant.SID()})
		b.republish(room, lost)
		return
	}
}

// rejoinDelay is the wait before attempt (from 1): 1 s doubling up to
// most, less up to a quarter at random so that many bots spread out.
func rejoinDelay(attempt int, most time.Duration) time.Duration {
	d := most
	if attempt < 32 {
		d = min(rejoinFirstDelay<<(attempt-1), most)
	}
	return d - time.Duration(rand.Int64N(int64(d)/4+1))
}

// tokenMargin: a minted token with less than this left is replaced.
const tokenMargin = 5 * time.Minute

// renewToken mints a fresh token when the bot has the key and secret and
// its token is near its end (minting for every attempt would pile up
// secrets for the redactor to hide); a token it was given is used while
// it is valid.
func (b *Bot) renewToken() error {
	if b.cfg.Token == "" {
		if time.Until(time.Unix(b.tokenExpires.Load(), 0)) > tokenMargin {
			return nil
		}
		token, err := MintToken(&b.cfg)
		if err != nil {
			return err
		}
		claims, err := ParseTokenClaims(token)
		if err != nil {
			return err
		}
		b.tokenExpires.Store(claims.ExpiresAt)
		if b.onToken != nil {
			b.onToken(token)
		}
		b.mu.Lock()
		b.token = token
		b.mu.Unlock()
		return nil
	}
	if exp := b.claims.ExpiresAt; exp != 0 && time.Now().Unix() >= exp {
		return fmt.Errorf("%w at %s while the bot was out of its room: give a new --token, or the API key and secret so that lkbot mints its own", ErrTokenExpired, time.Unix(exp, 0).UTC().Format(time.RFC3339))
	}
	return nil
}

// joinAgain joins a new session of the room.
func (b *Bot) joinAgain() (*lksdk.Room, error) {
	room := b.newRoom()
	b.mu.Lock()
	b.sdkRoom = room
	b.mu.Unlock()
	if err := b.installRPC(room); err != nil {
		return nil, err
	}
	if err := b.join(b.ctx, room); err != nil {
		return nil, err
	}
	return room, nil
}

// adopt makes room the bot's session, unless the bot closed meanwhile.
func (b *Bot) adopt(room *lksdk.Room, lost []lostTrack) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false
	}
	b.room = room
	b.rejoining.Store(false)
	b.restoreMuted = map[livekit.TrackSource]bool{}
	for _, l := range lost {
		b.restoreMuted[l.source] = l.muted
	}
	return true
}

// republish reports the room as the bot finds it, sets its own name,
// metadata and attributes as they were, and publishes the lost tracks.
func (b *Bot) republish(room *lksdk.Room, lost []lostTrack) {
	remotes := room.GetRemoteParticipants()
	b.reported.report(func() {
		for _, rp := range remotes {
			b.joinedNow(rp)
		}
	})
	b.restoreSelf(room)
	for _, l := range lost {
		if err := b.Publish(l.source); err != nil {
			b.log.Warn("republish after rejoin failed", zap.String("source", SourceName(l.source)), zap.Error(err))
			b.emitError("republish "+SourceName(l.source), err)
		}
	}
	b.mu.Lock()
	b.restoreMuted = nil
	b.mu.Unlock()
}

// startMuted is whether source's new track starts muted: as it was before
// a rejoin, or as configured.
func (b *Bot) startMuted(source livekit.TrackSource) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if muted, ok := b.restoreMuted[source]; ok {
		return muted
	}
	return b.cfg.StartMuted
}

// selfState is the name, metadata and attributes the bot set on itself
// at run time, to set again in a new session.
type selfState struct {
	name, metadata *string
	attributes     map[string]string
}

// rememberSelf keeps a change the server confirmed.
func (b *Bot) rememberSelf(change func(*selfState)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	change(&b.self)
}

// restoreSelf sends the remembered name, metadata and attributes where
// the new session's differ; the SDK's full reconnect needs it too.
func (b *Bot) restoreSelf(room *lksdk.Room) {
	b.mu.Lock()
	self := selfState{name: b.self.name, metadata: b.self.metadata, attributes: maps.Clone(b.self.attributes)}
	b.mu.Unlock()
	lp := room.LocalParticipant
	if self.name != nil && lp.Name() != *self.name {
		lp.SetName(*self.name)
	}
	if self.metadata != nil && lp.Metadata() != *self.metadata {
		lp.SetMetadata(*self.metadata)
	}
	have := lp.Attributes()
	for k, v := range self.attributes {
		if have[k] != v {
			lp.SetAttributes(self.attributes)
			break
		}
	}
}
