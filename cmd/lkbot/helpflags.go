package main

import (
	"strings"

	"github.com/urfave/cli/v3"
)

// describeFlags adds to help what urfave/cli leaves out: which flags are
// required, and the default of a boolean flag that is on unless turned off.
func describeFlags(flags []cli.Flag) {
	for _, f := range flags {
		switch f := f.(type) {
		case *cli.BoolFlag:
			if f.Value && f.DefaultText == "" {
				f.DefaultText = "true"
				if off := "--" + f.Name + "=false"; !strings.Contains(f.Usage, off) {
					f.DefaultText += "; " + off + " turns it off"
				}
			}
		case *cli.StringFlag:
			f.Usage = markRequired(f.Usage, f.Required)
		case *cli.StringSliceFlag:
			f.Usage = markRequired(f.Usage, f.Required)
		case *cli.DurationFlag:
			f.Usage = markRequired(f.Usage, f.Required)
		case *cli.IntFlag:
			f.Usage = markRequired(f.Usage, f.Required)
		}
	}
}

func markRequired(usage string, required bool) string {
	if !required || strings.HasSuffix(usage, "(required)") {
		return usage
	}
	return usage + " (required)"
}
