package main

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/lkbot/lkbot/internal/lktest"
	"github.com/lkbot/lkbot/internal/testpeer"
)

// TestLossDrill: with 10% loss, 100 ms delay and 20 ms jitter on the
// bot's links both ways (--impair), a peer keeps decoding the bot's 720p30
// camera at 20 frames/s or more, and a command sent over RPC still works:
// it has the bot send a data message, which arrives.
//
// The camera is simulcast, as by default: retransmissions of its layers
// reach the SFU only on the layers' own SSRCs (media/retransmit).
func TestLossDrill(t *testing.T) {
	srv := lktest.Start(t)
	cmd, out, events := childJoin(t, srv, "lossy", "--resolution", "1280x720", "--fps", "30", "--mic", "none",
		"--impair", "loss=10%,delay=100ms,jitter=20ms", "--allow-commands-from", "node")
	waitForLines(t, events, `"type":"track_published"`, 1)
	node := testpeer.StartNode(t, srv.URL(), srv.Token(t, "lossy", "node"))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sub, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		return e.Type == "track_subscribed" && e.Kind == "video" && e.Participant == "bot"
	})
	if err != nil {
		t.Fatalf("the node never subscribed to the bot's camera: %v; bot output:\n%s", err, out.String())
	}
	if err := node.Send(testpeer.SetVideoQuality{SID: sub.SID, Quality: "high"}); err != nil {
		t.Fatal(err)
	}
	// Let the high layer settle, then count 5 s of its decoded frames.
	if _, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		return e.Type == "frame" && e.SID == sub.SID && e.Width == 1280
	}); err != nil {
		t.Fatalf("no 1280x720 frame decoded: %v", err)
	}
	time.Sleep(2 * time.Second)
	from := time.Now()
	time.Sleep(5 * time.Second)
	frames := 0
	for _, e := range node.Events() {
		if e.Type == "frame" && e.SID == sub.SID && e.Width == 1280 && !e.At.Before(from) && e.At.Before(from.Add(5*time.Second)) {
			frames++
		}
	}
	fps := float64(frames) / 5
	t.Logf("the node decoded %.1f frames/s of 1280x720 through 10%% loss, 100 ms delay and 20 ms jitter", fps)
	if fps < 20 {
		t.Errorf("%.1f frames/s decoded, want 20 or more", fps)
	}

	if err := node.Send(testpeer.PerformRPC{ID: "d", Destination: "bot", Method: "lkbot.send_data", Payload: `{"payload":"through the loss","topic":"drill","destinations":["node"]}`}); err != nil {
		t.Fatal(err)
	}
	if _, err := node.WaitFor(ctx, func(e testpeer.Event) bool { return e.Type == "rpc_result" && e.ID == "d" }); err != nil {
		t.Fatalf("the send_data command got no result: %v", err)
	}
	if _, err := node.WaitFor(ctx, func(e testpeer.Event) bool {
		return e.Type == "data" && e.Topic == "drill" && e.Payload == "through the loss"
	}); err != nil {
		t.Fatalf("the data message never arrived: %v", err)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
}
