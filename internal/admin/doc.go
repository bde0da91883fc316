// Package admin runs LiveKit's server-side operations for the lkbot CLI:
// rooms and participants (RoomService), egress, ingress and access tokens.
//
// Each operation takes typed params and returns typed results whose JSON
// form is what `lkbot ... --json` prints; WriteText prints the same results
// for people. Requests are signed with the API key and secret by lksdk's
// clients; the secret never appears in an error. Errors a user can cause
// are *InvalidError (bad params, never sent); the server's answers wrap
// ErrRefused, ErrCredentials, ErrUnreachable or ErrTimeout and read as one
// line.
package admin
