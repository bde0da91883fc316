package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/internal/typo"
)

// withUsageErrors makes every command, at any depth, speak as lkbot does:
// a bad flag, a missing required flag, a stray argument or an unknown
// subcommand is a usage error (exit 2, one line in plain words); any other
// error names the command it came from. Help marks required flags and
// shows the defaults of flags that are on by default.
func withUsageErrors(cmds ...*cli.Command) []*cli.Command {
	for _, c := range cmds {
		c.OnUsageError = onUsageError
		describeFlags(c.Flags)
		switch {
		case c.Action == nil && len(c.Commands) > 0:
			c.Action = groupAction
		case c.Action != nil:
			c.Action = attributed(c.Action, c.ArgsUsage == "" && len(c.Commands) == 0)
		}
		withUsageErrors(c.Commands...)
	}
	return cmds
}

// attributed runs action and marks its error with the command that ran.
// A command that takes no arguments refuses any, before it does anything.
func attributed(action cli.ActionFunc, noArgs bool) cli.ActionFunc {
	return func(ctx context.Context, cmd *cli.Command) error {
		if noArgs && cmd.Args().Present() {
			return commandFailed(cmd, usageError{fmt.Errorf("unexpected argument %q: this command takes only flags (see %s --help)", cmd.Args().First(), cmd.FullName())})
		}
		if err := action(ctx, cmd); err != nil {
			return commandFailed(cmd, err)
		}
		return nil
	}
}

// groupAction runs for a command that only groups others (room, egress):
// with no argument it shows its help; with one, the name is unknown.
func groupAction(_ context.Context, cmd *cli.Command) error {
	if !cmd.Args().Present() {
		return cli.ShowSubcommandHelp(cmd)
	}
	return unknownCommand(cmd, cmd.Args().First())
}

func onUsageError(_ context.Context, cmd *cli.Command, err error, _ bool) error {
	if names := commandNames(cmd); len(names) > 0 {
		// A group takes no flags of its own: a flag error here means the
		// name before the flags (lkbot room remove-participant --room R)
		// was not one of its commands.
		return commandFailed(cmd, usageError{fmt.Errorf("%s; name one of its commands first: %s (see %s --help)", plainUsage(cmd, err), strings.Join(names, ", "), cmd.FullName())})
	}
	return commandFailed(cmd, usageError{fmt.Errorf("%s (see %s --help)", plainUsage(cmd, err), cmd.FullName())})
}

var (
	invalidValueRe = regexp.MustCompile(`^invalid value "((?:[^"\\]|\\.)*)" for flag -(\S+): (.*)$`)
	envValueRe     = regexp.MustCompile(`^could not parse "((?:[^"\\]|\\.)*)" as \S+ value from (.+) for flag (\S+): (.*)$`)
	requiredRe     = regexp.MustCompile(`^Required flags? "(.*)" not set$`)
)

// plainUsage rewrites urfave/cli's usage errors in plain words, naming the
// flag as the user typed it and what it expects, without Go's parser
// messages.
func plainUsage(cmd *cli.Command, err error) string {
	msg := err.Error()
	if m := invalidValueRe.FindStringSubmatch(msg); m != nil {
		if strings.HasSuffix(m[3], "value out of range") {
			return fmt.Sprintf("--%s: %s is out of range", m[2], unquote(m[1]))
		}
		return fmt.Sprintf("--%s: %q is not %s", m[2], unquote(m[1]), expected(cmd, m[2], m[3]))
	}
	if m := envValueRe.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("--%s: %q from %s is not %s", m[3], unquote(m[1]), m[2], expected(cmd, m[3], m[4]))
	}
	if m := requiredRe.FindStringSubmatch(msg); m != nil {
		names := strings.Split(m[1], ", ")
		for i, n := range names {
			names[i] = "--" + n
		}
		if len(names) == 1 {
			return names[0] + " is required"
		}
		return strings.Join(names, " and ") + " are required"
	}
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		name = strings.TrimLeft(name, "-")
		if s := strings.TrimLeft(cli.SuggestFlag(cmd.Flags, name, true), "-"); s != "" && typo.Distance(s, name) <= 2 {
			return fmt.Sprintf("unknown flag --%s (did you mean --%s?)", name, s)
		}
		return "unknown flag --" + name
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return "--" + strings.TrimLeft(name, "-") + " needs a value"
	}
	return msg
}

func unquote(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, `\"`, `"`), `\\`, `\`) }

// expected says what a flag takes, in words, from its type; problem is the
// parser's complaint, used only where the type says too little.
func expected(cmd *cli.Command, name, problem string) string {
	var flag cli.Flag
	for _, f := range cmd.Flags {
		for _, n := range f.Names() {
			if n == name {
				flag = f
			}
		}
	}
	switch flag.(type) {
	case *cli.IntFlag, *cli.Int64Flag, *cli.Int32Flag:
		return "a whole number"
	case *cli.UintFlag, *cli.Uint64Flag, *cli.Uint32Flag:
		return "a whole number, 0 or more"
	case *cli.FloatFlag:
		return "a number"
	case *cli.DurationFlag:
		return "a duration such as 30s, 1m30s or 2h"
	case *cli.BoolFlag:
		return "true or false"
	case *cli.StringMapFlag:
		return "k=v"
	}
	return "valid: " + problem
}

// commandNames lists cmd's visible subcommands.
func commandNames(cmd *cli.Command) []string {
	var names []string
	for _, c := range cmd.VisibleCommands() {
		if c.Name != "help" {
			names = append(names, c.Name)
		}
	}
	return names
}
