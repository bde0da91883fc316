package main

import (
	"fmt"

	"github.com/urfave/cli/v3"
)

// unknownCommand refuses a name that is none of cmd's subcommands, with the
// closest one when it is a typo away.
func unknownCommand(cmd *cli.Command, name string) error {
	hint := ""
	if s := closestCommand(cmd, name); s != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", s)
	}
	return commandFailed(cmd, usageError{fmt.Errorf("unknown command %q%s; see %s --help", name, hint, cmd.FullName())})
}

// closestCommand is urfave/cli's suggestion for a mistyped name, kept only
// when it is a typo away.
func closestCommand(cmd *cli.Command, name string) string {
	s := cli.SuggestCommand(cmd.Commands, name)
	if s == "" || cmd.Command(s) == nil || editDistance(s, name) > 2 {
		return ""
	}
	return s
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
