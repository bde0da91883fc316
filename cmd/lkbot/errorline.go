package main

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/urfave/cli/v3"
)

var noHelpTopicRe = regexp.MustCompile(`^No help topic for '(.*)'`)

// plainHelpError turns the help command's complaint about a name it does
// not know (lkbot help jion) into the usage error an unknown command is.
func plainHelpError(err error) error {
	if m := noHelpTopicRe.FindStringSubmatch(err.Error()); m != nil {
		return usageError{fmt.Errorf("unknown command %q; see lkbot --help", m[1])}
	}
	return err
}

// failedCommand carries the name of the command an error came from, so
// that run() can start the error line with it.
type failedCommand struct {
	name string // as typed: "room list"
	err  error
}

func (e failedCommand) Error() string { return e.err.Error() }
func (e failedCommand) Unwrap() error { return e.err }

func commandFailed(cmd *cli.Command, err error) error {
	var fc failedCommand
	if errors.As(err, &fc) {
		return err
	}
	return failedCommand{name: strings.Join(cmd.Path()[1:], " "), err: err}
}

// errorLine is the one line run() prints for err: "lkbot COMMAND: ...",
// without a second copy of the command's name if the message has one.
func errorLine(err error) string {
	msg := strings.ReplaceAll(err.Error(), "\n", "; ")
	var fc failedCommand
	if !errors.As(err, &fc) || fc.name == "" {
		return "lkbot: " + msg
	}
	msg = strings.TrimPrefix(msg, fc.name+": ")
	if last := fc.name[strings.LastIndex(fc.name, " ")+1:]; last != fc.name {
		msg = strings.TrimPrefix(msg, last+": ")
	}
	return "lkbot " + fc.name + ": " + msg
}
