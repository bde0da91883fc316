package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/command"
	"github.com/lkbot/lkbot/internal/logging"
)

// callCommand drives another bot: it joins the room without publishing,
// calls one method over LiveKit RPC, prints the JSON result and leaves.
func callCommand() *cli.Command {
	return &cli.Command{
		Name:      "call",
		Usage:     "call a command on another bot over LiveKit RPC and print its result",
		ArgsUsage: "METHOD [PARAMS_JSON]",
		Description: "METHOD is one of " + strings.Join(command.Methods(), ", ") +
			"; it is called as lkbot.METHOD. Example:\n   lkbot call --room demo --to bot1 mute '{\"source\":\"camera\",\"muted\":true}'",
		Flags: append(connectionFlags("url", "api_key", "api_secret", "token"),
			&cli.StringFlag{Name: "room", Usage: "room the other bot is in"},
			&cli.StringFlag{Name: "identity", Usage: "this caller's identity (default lkbot-<random>); the other bot must allow it"},
			&cli.StringFlag{Name: "to", Usage: "identity of the bot to command", Required: true},
			&cli.DurationFlag{Name: "timeout", Usage: "how long to wait for the answer, at most the default", Value: bot.RPCTimeout},
			&cli.StringFlag{Name: "log-level", Usage: "debug, info, warn or error", Value: "warn"},
		),
		Action: runCall,
	}
}

func runCall(ctx context.Context, cmd *cli.Command) error {
	if cmd.NArg() < 1 || cmd.NArg() > 2 {
		return usageError{fmt.Errorf("call: want METHOD [PARAMS_JSON], got %d arguments", cmd.NArg())}
	}
	method, params := cmd.Args().Get(0), cmd.Args().Get(1)
	if params == "" {
		params = "{}"
	}
	if !json.Valid([]byte(params)) {
		return usageError{fmt.Errorf("call: PARAMS_JSON %q is not JSON", params)}
	}
	if !strings.Contains(method, ".") {
		method = command.RPCPrefix + method
	}
	cfg := bot.DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret, cfg.Token = cmd.String("url"), cmd.String("api-key"), cmd.String("api-secret"), cmd.String("token")
	cfg.Room, cfg.Identity = cmd.String("room"), cmd.String("identity")
	cfg.Camera, cfg.Mic = "none", "none"
	log, err := logging.New(logging.Options{Level: cmd.String("log-level"), Output: cmd.Root().ErrWriter, Secrets: []string{cfg.APISecret, cfg.Token}})
	if err != nil {
		return usageError{err}
	}
	logging.InstallSDKLogger(log)
	b, err := bot.New(bot.Params{Config: cfg, Logger: log})
	if err != nil {
		return usageError{err}
	}
	defer b.Close()
	if err := b.Connect(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, cmd.Duration("timeout"))
	defer cancel()
	res, err := b.PerformRPC(ctx, cmd.String("to"), method, params)
	if err != nil {
		return err
	}
	fmt.Fprintln(cmd.Root().Writer, res)
	return nil
}
