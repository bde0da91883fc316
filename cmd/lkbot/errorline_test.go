package main

import (
	"errors"
	"fmt"
	"testing"
)

// TestErrorLineNamesTheCommandOnce: the command's name starts the line
// once, whether or not the message already starts with it.
func TestErrorLineNamesTheCommandOnce(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{failedCommand{"call", errors.New("call: want METHOD [PARAMS_JSON], got 0 arguments")}, "lkbot call: want METHOD [PARAMS_JSON], got 0 arguments"},
		{failedCommand{"room list", errors.New("room list: url is required")}, "lkbot room list: url is required"},
		{failedCommand{"room list", errors.New("list: url is required")}, "lkbot room list: url is required"},
		{failedCommand{"join", errors.New("config c.yaml: line 1\nline 2")}, "lkbot join: config c.yaml: line 1; line 2"},
		{fmt.Errorf("wrapped: %w", failedCommand{"blur", errors.New("--in is required")}), "lkbot blur: wrapped: --in is required"},
		{failedCommand{"", errors.New(`unknown command "x"`)}, `lkbot: unknown command "x"`},
		{errors.New("no command"), "lkbot: no command"},
	} {
		if got := errorLine(tt.err); got != tt.want {
			t.Errorf("errorLine(%q) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
