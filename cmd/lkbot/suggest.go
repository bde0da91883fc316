package main

import (
	"fmt"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/internal/typo"
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
	if s == "" || cmd.Command(s) == nil || typo.Distance(s, name) > 2 {
		return ""
	}
	return s
}
