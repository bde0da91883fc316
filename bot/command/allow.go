package command

import (
	"fmt"
	"strings"
)

// ServerCaller is the caller name for data packets that carry no sender
// identity: those the application server sends through the server API, and
// those of hidden participants, whose identity LiveKit strips. Both need
// the API secret: one to sign the request, the other to mint a hidden token.
const ServerCaller = "server"

// AllowList says which callers may command the bot. The zero value allows
// no one.
type AllowList struct {
	anyone     bool
	identities map[string]bool
}

// ParseAllowList reads identities separated by commas. "*" allows every
// participant; "server" allows packets without a sender identity.
func ParseAllowList(entries []string) (AllowList, error) {
	a := AllowList{identities: map[string]bool{}}
	for _, e := range entries {
		for _, id := range strings.Split(e, ",") {
			id = strings.TrimSpace(id)
			switch id {
			case "":
				continue
			case "*":
				a.anyone = true
			default:
				if strings.ContainsAny(id, " \t\n") {
					return AllowList{}, fmt.Errorf("allow-commands-from: %q is not an identity", id)
				}
				a.identities[id] = true
			}
		}
	}
	return a, nil
}

// Allows reports whether c's caller may command the bot. The local HTTP
// door is authorised by its own token, not by this list.
func (a AllowList) Allows(c Call) bool {
	if c.FromServer {
		return a.identities[ServerCaller]
	}
	return a.AllowsParticipant(c.Caller)
}

// AllowsParticipant reports whether the participant with this identity may
// command the bot. A participant who calls itself "server" is not the
// server: "*" admits it, the entry "server" does not.
func (a AllowList) AllowsParticipant(identity string) bool {
	return a.anyone || (identity != ServerCaller && a.identities[identity])
}
