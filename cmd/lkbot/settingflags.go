package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/internal/settings"
)

// flagsFor makes one flag per setting, with its default, environment
// variable and help taken from the setting.
func flagsFor(fields ...[]settings.Field) []cli.Flag {
	var out []cli.Flag
	for _, fs := range fields {
		for _, f := range fs {
			out = append(out, flagFor(f))
		}
	}
	return out
}

func flagFor(f settings.Field) cli.Flag {
	usage := f.Usage
	if f.Arg != "" {
		// urfave/cli shows the first `quoted` word as the flag's value.
		usage = strings.Replace(usage, f.Arg, "`"+f.Arg+"`", 1)
	}
	var env cli.ValueSourceChain
	if f.Env != "" {
		env = cli.EnvVars(f.Env)
	}
	switch f.Ptr.(type) {
	case *string:
		v, _ := f.Default.(string)
		return &cli.StringFlag{Name: f.Flag, Usage: usage, Sources: env, Value: v}
	case *bool:
		v, _ := f.Default.(bool)
		return &cli.BoolFlag{Name: f.Flag, Usage: usage, Sources: env, Value: v}
	case *int:
		v, _ := f.Default.(int)
		return &cli.IntFlag{Name: f.Flag, Usage: usage, Sources: env, Value: v}
	case *float64:
		v, _ := f.Default.(float64)
		return &cli.FloatFlag{Name: f.Flag, Usage: usage, Sources: env, Value: v}
	case *time.Duration:
		v, _ := f.Default.(time.Duration)
		return &cli.DurationFlag{Name: f.Flag, Usage: usage, Sources: env, Value: v}
	case *[]string:
		return &cli.StringSliceFlag{Name: f.Flag, Usage: usage, Sources: env}
	case *map[string]string:
		return &cli.StringMapFlag{Name: f.Flag, Usage: usage, Sources: env}
	}
	panic(fmt.Sprintf("flag %s: unsupported type %T", f.Flag, f.Ptr)) // a table bug; settings.Table.Check catches it first
}

// applyFlags copies every flag given on the command line or by its
// environment variable into its setting, over the defaults and the file.
func applyFlags(cmd *cli.Command, fields ...[]settings.Field) {
	for _, fs := range fields {
		for _, f := range fs {
			if !cmd.IsSet(f.Flag) {
				continue
			}
			switch p := f.Ptr.(type) {
			case *string:
				*p = cmd.String(f.Flag)
			case *bool:
				*p = cmd.Bool(f.Flag)
			case *int:
				*p = cmd.Int(f.Flag)
			case *float64:
				*p = cmd.Float(f.Flag)
			case *time.Duration:
				*p = cmd.Duration(f.Flag)
			case *[]string:
				*p = cmd.StringSlice(f.Flag)
			case *map[string]string:
				if *p == nil {
					*p = map[string]string{}
				}
				for k, v := range cmd.StringMap(f.Flag) {
					(*p)[k] = v
				}
			}
		}
	}
}

// settingFlags returns the flags of the named settings only, so that every
// command that takes, say, --url defines it the same way.
func settingFlags(fields []settings.Field, keys ...string) []cli.Flag {
	var out []cli.Flag
	for _, k := range keys {
		for _, f := range fields {
			if f.Key == k {
				out = append(out, flagFor(f))
			}
		}
	}
	return out
}

// connectionFlags are the bot's connection settings (url, api_key,
// api_secret, token) as flags, defined once for every command that takes
// them.
func connectionFlags(keys ...string) []cli.Flag {
	return settingFlags(bot.Settings().Fields(&bot.Config{}), keys...)
}
