package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/command"
	"github.com/lkbot/lkbot/internal/admin"
	"github.com/lkbot/lkbot/internal/logging"
)

// callerTokenTTL bounds the token call mints: it serves one join.
const callerTokenTTL = 5 * time.Minute

// callCommand drives another bot: it joins the room as a hidden
// participant that only sends data, sends one command to the bot's data
// door, prints the JSON result and leaves.
func callCommand() *cli.Command {
	return &cli.Command{
		Name:      "call",
		Usage:     "run a command on another bot and print its result",
		ArgsUsage: "METHOD [PARAMS_JSON]",
		Description: "METHOD is one of " + strings.Join(command.Methods(), ", ") + ".\n" +
			"The caller joins hidden, so other participants never see it, and the bot\n" +
			"knows it as \"server\": run the bot with --allow-commands-from server.\n" +
			"Example:\n  lkbot call --room demo --to bot1 mute '{\"source\":\"camera\",\"muted\":true}'",
		Flags: append(connectionFlags("url", "api_key", "api_secret", "token"),
			&cli.StringFlag{Name: "room", Usage: "room the other bot is in"},
			&cli.StringFlag{Name: "identity", Usage: "this caller's identity, which no one in the room may have (default lkbot-call-<random>)"},
			&cli.StringFlag{Name: "to", Usage: "identity of the bot to command", Required: true},
			&cli.DurationFlag{Name: "timeout", Usage: "how long to wait for the answer, at most the default", Value: bot.RPCTimeout},
			&cli.StringFlag{Name: "log-level", Usage: "debug, info, warn or error", Value: "warn"},
		),
		Action: runCall,
	}
}

// callRequest is what one lkbot call does, checked before joining.
type callRequest struct {
	method  string
	params  json.RawMessage
	to      string
	timeout time.Duration
	cfg     bot.Config
	// hidden: the caller's token hides it, so bots know it as "server".
	hidden bool
}

func runCall(ctx context.Context, cmd *cli.Command) error {
	req, err := parseCall(cmd)
	if err != nil {
		return usageError{err}
	}
	log, err := logging.New(logging.Options{Level: cmd.String("log-level"), Output: cmd.Root().ErrWriter, Secrets: []string{req.cfg.APISecret, req.cfg.Token}})
	if err != nil {
		return usageError{err}
	}
	logging.InstallSDKLogger(log)
	if err := checkRoom(ctx, req); err != nil {
		return err
	}
	b, err := bot.New(bot.Params{Config: req.cfg, Logger: log})
	if err != nil {
		return usageError{err}
	}
	defer b.Close()
	caller := command.NewCaller(b)
	if err := b.Connect(ctx); err != nil {
		return err
	}
	if b.Room().GetParticipantByIdentity(req.to) == nil {
		return fmt.Errorf("participant %q is not in room %q", req.to, b.Status().Room)
	}
	ctx, cancel := context.WithTimeout(ctx, req.timeout)
	defer cancel()
	res, err := caller.Call(ctx, req.to, req.method, req.params)
	if err != nil {
		return req.describe(err)
	}
	fmt.Fprintln(cmd.Root().Writer, string(res))
	return nil
}

// describe says in one line why the call failed.
func (req callRequest) describe(err error) error {
	if errors.Is(err, command.ErrNoReply) {
		return fmt.Errorf("%s did not answer %s within %s: is it an lkbot that takes commands?", req.to, req.method, req.timeout)
	}
	var cerr *command.Error
	if errors.As(err, &cerr) && cerr.Code == command.CodeNotAuthorised && req.hidden {
		return fmt.Errorf("%s on %s: %w; a hidden caller is %q to the bot", req.method, req.to, err, command.ServerCaller)
	}
	return fmt.Errorf("%s on %s: %w", req.method, req.to, err)
}

// parseCall checks the arguments and prepares the caller's config: its
// own token, minted with command.CallerGrant, unless --token is given.
func parseCall(cmd *cli.Command) (callRequest, error) {
	if cmd.NArg() < 1 || cmd.NArg() > 2 {
		return callRequest{}, fmt.Errorf("want METHOD [PARAMS_JSON], got %d arguments", cmd.NArg())
	}
	method := strings.TrimPrefix(cmd.Args().Get(0), command.RPCPrefix)
	if !slices.Contains(command.Methods(), method) {
		return callRequest{}, fmt.Errorf("unknown method %q (want one of %s)", cmd.Args().Get(0), strings.Join(command.Methods(), ", "))
	}
	req := callRequest{method: method, to: cmd.String("to"), timeout: min(cmd.Duration("timeout"), bot.RPCTimeout)}
	if params := cmd.Args().Get(1); params != "" {
		if !json.Valid([]byte(params)) {
			return callRequest{}, fmt.Errorf("PARAMS_JSON %q is not JSON", params)
		}
		req.params = json.RawMessage(params)
	}
	if req.timeout <= 0 {
		return callRequest{}, fmt.Errorf("--timeout %s is not positive", cmd.Duration("timeout"))
	}
	cfg := bot.DefaultConfig()
	cfg.URL, cfg.APIKey, cfg.APISecret, cfg.Token = cmd.String("url"), cmd.String("api-key"), cmd.String("api-secret"), cmd.String("token")
	cfg.Room, cfg.Identity = cmd.String("room"), cmd.String("identity")
	cfg.Camera, cfg.Mic = "none", "none"
	if cfg.Token == "" {
		if err := mintCallerToken(&cfg); err != nil {
			return callRequest{}, err
		}
	}
	claims, err := bot.ParseTokenClaims(cfg.Token)
	if err != nil {
		return callRequest{}, err
	}
	if claims.Video != nil {
		req.hidden = claims.Video.Hidden
		if cfg.Room == "" {
			cfg.Room = claims.Video.Room
		}
	}
	if cfg.Identity == "" {
		cfg.Identity = claims.Identity
	}
	if cfg.Identity == req.to {
		return callRequest{}, fmt.Errorf("--identity %q is the bot to command; the caller needs an identity of its own", req.to)
	}
	req.cfg = cfg
	return req, nil
}

// mintCallerToken gives cfg a hidden, data-only token for its room.
func mintCallerToken(cfg *bot.Config) error {
	if cfg.APIKey == "" || cfg.APISecret == "" {
		return fmt.Errorf("auth: give --token, or --api-key and --api-secret (or LIVEKIT_TOKEN, LIVEKIT_API_KEY, LIVEKIT_API_SECRET)")
	}
	if cfg.Room == "" {
		return fmt.Errorf("room: missing (set --room)")
	}
	if cfg.Identity == "" {
		cfg.Identity = "lkbot-call-" + strings.TrimPrefix(bot.GenerateIdentity(), "lkbot-")
	}
	jwt, err := auth.NewAccessToken(cfg.APIKey, cfg.APISecret).
		SetIdentity(cfg.Identity).
		SetVideoGrant(command.CallerGrant(cfg.Room)).
		SetValidFor(callerTokenTTL).
		ToJWT()
	if err != nil {
		return fmt.Errorf("mint token: %w", err)
	}
	cfg.Token = jwt
	return nil
}

// checkRoom asks the server API, when the key and secret are at hand,
// whether the room and the bot exist, and whether the caller's identity is
// free: joining creates a missing room, and joining under a participant's
// identity disconnects that participant. With a token alone it checks
// nothing.
func checkRoom(ctx context.Context, req callRequest) error {
	if req.cfg.APIKey == "" || req.cfg.APISecret == "" || req.cfg.Room == "" {
		return nil
	}
	client, err := admin.NewClient(admin.Server{URL: req.cfg.URL, APIKey: req.cfg.APIKey, APISecret: req.cfg.APISecret, Timeout: req.timeout})
	if err != nil {
		return usageError{err}
	}
	people, err := client.ListParticipants(ctx, req.cfg.Room)
	if errors.Is(err, admin.ErrNotFound) {
		return fmt.Errorf("room %q does not exist (lkbot call creates no rooms; check --room)", req.cfg.Room)
	}
	if err != nil {
		return fmt.Errorf("check room %q: %w", req.cfg.Room, err)
	}
	present := func(identity string) bool {
		return slices.ContainsFunc(people, func(p admin.Participant) bool { return p.Identity == identity })
	}
	if !present(req.to) {
		return fmt.Errorf("participant %q is not in room %q", req.to, req.cfg.Room)
	}
	if present(req.cfg.Identity) {
		return usageError{fmt.Errorf("identity %q is in room %q already: joining as it would disconnect that participant (choose another --identity, or none)", req.cfg.Identity, req.cfg.Room)}
	}
	return nil
}
