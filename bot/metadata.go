package bot

import (
	"context"
	"fmt"
	"maps"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
)

// updateTimeout bounds the wait for the server to confirm a metadata, name
// or attributes update.
const updateTimeout = 5 * time.Second

// SetMetadata sets the bot's own metadata and waits until the server
// confirms it. The SDK drops the server's refusal; lkbot reports it.
func (b *Bot) SetMetadata(ctx context.Context, metadata string) error {
	err := b.updateSelf(ctx, "set metadata", func(lp *lksdk.LocalParticipant) { lp.SetMetadata(metadata) },
		func(lp *lksdk.LocalParticipant) bool { return lp.Metadata() == metadata })
	if err == nil {
		b.rememberSelf(func(s *selfState) { s.metadata = &metadata })
	}
	return err
}

// SetName sets the bot's display name and waits for the server to confirm it.
func (b *Bot) SetName(ctx context.Context, name string) error {
	err := b.updateSelf(ctx, "set name", func(lp *lksdk.LocalParticipant) { lp.SetName(name) },
		func(lp *lksdk.LocalParticipant) bool { return lp.Name() == name })
	if err == nil {
		b.rememberSelf(func(s *selfState) { s.name = &name })
	}
	return err
}

// SetAttributes merges attrs into the bot's attributes (an empty value
// removes a key) and waits for the server to confirm them.
func (b *Bot) SetAttributes(ctx context.Context, attrs map[string]string) error {
	err := b.setAttributes(ctx, attrs)
	if err == nil {
		b.rememberSelf(func(s *selfState) {
			if s.attributes == nil {
				s.attributes = map[string]string{}
			}
			maps.Copy(s.attributes, attrs)
		})
	}
	return err
}

func (b *Bot) setAttributes(ctx context.Context, attrs map[string]string) error {
	return b.updateSelf(ctx, "set attributes", func(lp *lksdk.LocalParticipant) { lp.SetAttributes(maps.Clone(attrs)) },
		func(lp *lksdk.LocalParticipant) bool {
			have := lp.Attributes()
			for k, v := range attrs {
				if have[k] != v {
					return false
				}
			}
			return true
		})
}

func (b *Bot) updateSelf(ctx context.Context, op string, send func(*lksdk.LocalParticipant), applied func(*lksdk.LocalParticipant) bool) error {
	room, err := b.connectedRoom()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if !b.canUpdateOwnMetadata(room) {
		return fmt.Errorf("%s: %w: the token does not grant canUpdateOwnMetadata", op, ErrNotAllowed)
	}
	lp := room.LocalParticipant
	send(lp)
	ctx, cancel := context.WithTimeout(ctx, updateTimeout)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !applied(lp) {
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w within %s (does the token grant canUpdateOwnMetadata?)", op, ErrNotApplied, updateTimeout)
		case <-tick.C:
		}
	}
	return nil
}

// canUpdateOwnMetadata reads the permission the server gave the bot, which
// may differ from the token's after an admin update.
func (b *Bot) canUpdateOwnMetadata(room *lksdk.Room) bool {
	if perm := room.LocalParticipant.Permissions(); perm != nil {
		return perm.CanUpdateMetadata
	}
	return b.claims.Video.GetCanUpdateOwnMetadata()
}
