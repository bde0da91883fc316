package bot

import (
	"fmt"
	"regexp"
	"strings"
)

// describeConnectError turns the SDK's join errors into one line that says
// what is wrong. It never includes the token: the SDK's errors can carry the
// signalling URL, whose query holds it.
func describeConnectError(url string, err error) error {
	msg := err.Error()
	low := strings.ToLower(msg)
	switch {
	case strings.Contains(low, "401"), strings.Contains(low, "unauthorized"), strings.Contains(low, "invalid token"), strings.Contains(low, "invalid api key"), strings.Contains(low, "signature"):
		return fmt.Errorf("connect %s: the server rejected the credentials (check the API key and secret, or the token): %w", url, ErrNotAllowed)
	case strings.Contains(low, "connection refused"), strings.Contains(low, "no such host"), strings.Contains(low, "i/o timeout"), strings.Contains(low, "deadline exceeded"), strings.Contains(low, "network is unreachable"):
		return fmt.Errorf("connect %s: server unreachable (is LiveKit running at this URL?)", url)
	}
	return fmt.Errorf("connect %s: %s", url, firstLine(stripURLs(msg)))
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

var accessTokenRe = regexp.MustCompile(`access_token=[^&"\s]*`)

// stripURLs removes access_token query values from s.
func stripURLs(s string) string {
	return accessTokenRe.ReplaceAllString(s, "access_token=[REDACTED]")
}
