package load

import (
	"fmt"
	"slices"
	"testing"

	"github.com/livekit/protocol/livekit"

	"github.com/lkbot/lkbot/bot"
)

// TestGrantIsLeastPrivilege: each role may publish only its own sources,
// none may send data or change its metadata, and bot.New accepts the
// token for the bot config of its role.
func TestGrantIsLeastPrivilege(t *testing.T) {
	c := validConfig()
	r, err := NewRunner(Params{Config: c})
	if err != nil {
		t.Fatal(err)
	}
	want := map[Role][]livekit.TrackSource{
		RolePublisher:      {livekit.TrackSource_CAMERA, livekit.TrackSource_MICROPHONE},
		RoleAudioPublisher: {livekit.TrackSource_MICROPHONE},
		RoleSubscriber:     nil,
	}
	for role, sources := range want {
		m := Member{Room: "load-1", Identity: "load-1-x-1", Role: role}
		token, err := mintToken(c.Bot.APIKey, c.Bot.APISecret, m, false)
		if err != nil {
			t.Fatal(err)
		}
		if chatty, _ := mintToken(c.Bot.APIKey, c.Bot.APISecret, m, true); chatty != "" {
			if cc, err := bot.ParseTokenClaims(chatty); err != nil || !cc.Video.GetCanPublishData() {
				t.Errorf("%s: a chat token cannot publish data: %v", role, err)
			}
		}
		claims, err := bot.ParseTokenClaims(token)
		if err != nil {
			t.Fatal(err)
		}
		g := claims.Video
		if g.Room != m.Room || !g.RoomJoin || !g.GetCanSubscribe() || g.GetCanPublishData() || g.GetCanUpdateOwnMetadata() || g.Hidden || g.RoomAdmin || g.RoomCreate {
			t.Errorf("%s: grant %+v", role, g)
		}
		publishes := sources != nil
		if g.GetCanPublish() != publishes || publishes && fmt.Sprint(g.GetCanPublishSources()) != fmt.Sprint(sources) {
			t.Errorf("%s: canPublish %v sources %v, want sources %v", role, g.GetCanPublish(), g.GetCanPublishSources(), sources)
		}
		b, err := bot.New(bot.Params{Config: r.botConfig(m, token)})
		if err != nil {
			t.Fatalf("%s: bot.New refuses its token: %v", role, err)
		}
		if slices.Contains(b.Secrets(), c.Bot.APISecret) {
			t.Errorf("%s: the bot holds the API secret", role)
		}
		b.Close()
	}
}

func TestClassify(t *testing.T) {
	for err, want := range map[error]Failure{
		fmt.Errorf("x: %w", bot.ErrNotAllowed):     FailureRefused,
		fmt.Errorf("x: %w", bot.ErrUnreachable):    FailureUnreachable,
		fmt.Errorf("x: %w", bot.ErrInterrupted):    FailureInterrupted,
		fmt.Errorf("x: %w", bot.ErrConnectTimeout): FailureTimeout,
		fmt.Errorf("x: %w", bot.ErrICEFailed):      FailureICE,
		fmt.Errorf("track refused"):                FailureOther,
	} {
		if got := classify(err); got != want {
			t.Errorf("classify(%v) = %s, want %s", err, got, want)
		}
	}
}

func TestCountsAndThreshold(t *testing.T) {
	c := validConfig()
	c.MaxJoinFailures = 1
	res := &Result{Config: c, Outcomes: []Outcome{
		{Joined: true, SessionEnd: "PARTICIPANT_REMOVED"},
		{Failure: FailureRefused},
		{Failure: FailureInterrupted},
		{},
	}}
	for i := range 3 {
		res.Outcomes[i].Started = res.Outcomes[i].Started.AddDate(2026, 0, 0)
	}
	n := res.Counts()
	if n.Planned != 4 || n.Started != 3 || n.Joined != 1 || n.NotStarted != 1 || n.Interrupted != 1 || n.FailedTotal() != 1 || n.SessionEnds["PARTICIPANT_REMOVED"] != 1 {
		t.Fatalf("counts %+v", n)
	}
	if err := res.CheckThresholds(); err != nil {
		t.Fatalf("1 failure broke a limit of 1: %v", err)
	}
	res.Config.MaxJoinFailures = 0
	err := res.CheckThresholds()
	if err == nil || err.Error() != "threshold max_join_failures broken: limit 0, measured 1" {
		t.Fatalf("threshold = %v", err)
	}
}
