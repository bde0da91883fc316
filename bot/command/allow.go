package command

import (
	"fmt"
	"strings"
)

// ServerCaller is the caller name for data the application server sends
// through the server API: such packets carry no participant identity.
const ServerCaller = "server"

// AllowList says which callers may command the bot. The zero value allows
// no one.
type AllowList struct {
	anyone     bool
	identities map[string]bool
}

// ParseAllowList reads identities separated by commas. "*" allows every
// participant; "server" allows the application server's data packets.
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

// Allows reports whether caller may command the bot. The local HTTP door
// is authorised by its own token, not by this list.
func (a AllowList) Allows(caller string) bool {
	if caller == ServerCaller {
		return a.identities[ServerCaller]
	}
	return a.anyone || a.identities[caller]
}
