package admin

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"google.golang.org/protobuf/proto"

	"github.com/lkbot/lkbot/internal/lktest"
)

// recorder is a reverse proxy in front of the real server that keeps the
// last request, so a test can decode what lkbot sent.
type recorder struct {
	mu   sync.Mutex
	path string
	body []byte
}

func recordingClient(t *testing.T, srv *lktest.Server) (*Client, *recorder) {
	t.Helper()
	target, err := url.Parse(srv.HTTPURL())
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.path, rec.body = r.URL.Path, body
		rec.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	c, err := NewClient(Server{URL: front.URL, APIKey: srv.APIKey(), APISecret: srv.APISecret(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

// last decodes the last request, which must have gone to method.
func (r *recorder) last(t *testing.T, method string, into proto.Message) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if !strings.HasSuffix(r.path, "/"+method) {
		t.Fatalf("request went to %s, want %s", r.path, method)
	}
	if err := proto.Unmarshal(r.body, into); err != nil {
		t.Fatalf("request body is not a %T: %v", into, err)
	}
}

// TestEgressRequests checks that each egress request reaches the server
// well formed, and that the server's refusal comes back as one line. A dev
// server has no egress: it refuses a room it does not have at once, and
// anything else because egress is not connected.
func TestEgressRequests(t *testing.T) {
	srv := lktest.Start(t)
	c, rec := recordingClient(t, srv)
	ctx := context.Background()
	const noRoom = "the server refused: requested room does not exist"
	refused := func(t *testing.T, err error, want string) {
		t.Helper()
		if !errors.Is(err, ErrRefused) || err.Error() != want {
			t.Fatalf("error %v, want %q", err, want)
		}
	}

	_, err := c.StartRoomComposite(ctx, RoomCompositeParams{Room: "gone", Layout: "speaker", AudioOnly: true,
		Output: EgressOutput{File: "out/rec.mp4", Streams: []string{"rtmp://a.example/live/key1", "rtmps://b.example/x"}, Segments: "hls/seg"}})
	refused(t, err, noRoom)
	var rc livekit.RoomCompositeEgressRequest
	rec.last(t, "StartRoomCompositeEgress", &rc)
	if rc.RoomName != "gone" || rc.Layout != "speaker" || !rc.AudioOnly ||
		len(rc.FileOutputs) != 1 || rc.FileOutputs[0].Filepath != "out/rec.mp4" || rc.FileOutputs[0].FileType != livekit.EncodedFileType_MP4 ||
		len(rc.StreamOutputs) != 1 || rc.StreamOutputs[0].Protocol != livekit.StreamProtocol_RTMP || len(rc.StreamOutputs[0].Urls) != 2 ||
		len(rc.SegmentOutputs) != 1 || rc.SegmentOutputs[0].FilenamePrefix != "hls/seg" || rc.SegmentOutputs[0].PlaylistName != "seg.m3u8" {
		t.Fatalf("room composite request %v", &rc)
	}

	_, err = c.StartTrackComposite(ctx, TrackCompositeParams{Room: "gone", AudioTrack: "TR_a", VideoTrack: "TR_v", Output: EgressOutput{Streams: []string{"srt://s.example:9000"}}})
	refused(t, err, noRoom)
	var tc livekit.TrackCompositeEgressRequest
	rec.last(t, "StartTrackCompositeEgress", &tc)
	if tc.RoomName != "gone" || tc.AudioTrackId != "TR_a" || tc.VideoTrackId != "TR_v" ||
		len(tc.StreamOutputs) != 1 || tc.StreamOutputs[0].Protocol != livekit.StreamProtocol_SRT {
		t.Fatalf("track composite request %v", &tc)
	}

	_, err = c.StartTrack(ctx, TrackParams{Room: "gone", Track: "TR_a", WebSocketURL: "wss://sink.example/a"})
	refused(t, err, noRoom)
	var tr livekit.TrackEgressRequest
	rec.last(t, "StartTrackEgress", &tr)
	if tr.RoomName != "gone" || tr.TrackId != "TR_a" || tr.GetWebsocketUrl() != "wss://sink.example/a" {
		t.Fatalf("track request %v", &tr)
	}
	_, err = c.StartTrack(ctx, TrackParams{Room: "gone", Track: "TR_a", File: "a.ogg"})
	refused(t, err, noRoom)
	rec.last(t, "StartTrackEgress", &tr)
	if tr.GetFile().GetFilepath() != "a.ogg" {
		t.Fatalf("track file request %v", &tr)
	}

	const notConnected = "the server refused: egress not connected (redis required)"
	_, err = c.ListEgress(ctx, ListEgressParams{Room: "r", EgressID: "EG_1", Active: true})
	refused(t, err, notConnected)
	var le livekit.ListEgressRequest
	rec.last(t, "ListEgress", &le)
	if le.RoomName != "r" || le.EgressId != "EG_1" || !le.Active {
		t.Fatalf("list request %v", &le)
	}
	// Stop asks for the egress first: the server takes seconds to refuse
	// stopping one it does not have.
	_, err = c.StopEgress(ctx, "EG_2")
	refused(t, err, notConnected)
	rec.last(t, "ListEgress", &le)
	if le.EgressId != "EG_2" {
		t.Fatalf("stop's list request %v", &le)
	}
}

func TestIngressRequests(t *testing.T) {
	srv := lktest.Start(t)
	c, rec := recordingClient(t, srv)
	ctx := context.Background()
	const notConnected = "the server refused: ingress not connected (redis required)"
	yes := true
	_, err := c.CreateIngress(ctx, CreateIngressParams{Input: livekit.IngressInput_URL_INPUT, Name: "cam", Room: "r", Identity: "ing",
		ParticipantName: "Cam", SourceURL: "https://media.example/a.mp4", Transcoding: &yes})
	if !errors.Is(err, ErrRefused) || err.Error() != notConnected {
		t.Fatalf("create: %v", err)
	}
	var ci livekit.CreateIngressRequest
	rec.last(t, "CreateIngress", &ci)
	if ci.InputType != livekit.IngressInput_URL_INPUT || ci.Url != "https://media.example/a.mp4" || ci.Name != "cam" ||
		ci.RoomName != "r" || ci.ParticipantIdentity != "ing" || ci.ParticipantName != "Cam" || !ci.GetEnableTranscoding() {
		t.Fatalf("create request %v", &ci)
	}
	if _, err := c.ListIngress(ctx, "r", "IN_1"); err == nil || err.Error() != notConnected {
		t.Fatalf("list: %v", err)
	}
	var li livekit.ListIngressRequest
	rec.last(t, "ListIngress", &li)
	if li.RoomName != "r" || li.IngressId != "IN_1" {
		t.Fatalf("list request %v", &li)
	}
	// LiveKit 1.13.5 in dev mode crashes on this one and says so.
	if _, err := c.DeleteIngress(ctx, "IN_1"); !errors.Is(err, ErrServerFailed) || err.Error() != "the server failed: it crashed handling this request (its log says why)" {
		t.Fatalf("delete: %v", err)
	}
	var di livekit.DeleteIngressRequest
	rec.last(t, "DeleteIngress", &di)
	if di.IngressId != "IN_1" {
		t.Fatalf("delete request %v", &di)
	}
}

// TestRequestValidation: requests lkbot will not send fail before any
// network call, as *InvalidError.
func TestRequestValidation(t *testing.T) {
	c, err := NewClient(Server{URL: "ws://127.0.0.1:1", APIKey: "k", APISecret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	out := EgressOutput{File: "a.mp4"}
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"create no name", func() error { _, err := c.CreateRoom(ctx, CreateRoomParams{}); return err }, "room is required"},
		{"negative timeout", func() error {
			_, err := c.CreateRoom(ctx, CreateRoomParams{Name: "r", EmptyTimeout: -time.Second})
			return err
		}, "empty-timeout -1s is negative"},
		{"delete no name", func() error { _, err := c.DeleteRoom(ctx, " "); return err }, "room is required"},
		{"remove no identity", func() error { _, err := c.RemoveParticipant(ctx, "r", ""); return err }, "identity is required"},
		{"mute neither", func() error { _, err := c.MuteTrack(ctx, MuteTrackParams{Room: "r", Identity: "i"}); return err }, "give a track SID or a source"},
		{"mute both", func() error {
			_, err := c.MuteTrack(ctx, MuteTrackParams{Room: "r", Identity: "i", TrackSID: "TR_1", Source: livekit.TrackSource_CAMERA})
			return err
		}, "not both"},
		{"update nothing", func() error {
			_, err := c.UpdateParticipant(ctx, UpdateParticipantParams{Room: "r", Identity: "i"})
			return err
		}, "nothing to change"},
		{"data empty", func() error { _, err := c.SendData(ctx, SendDataParams{Room: "r"}); return err }, "payload is empty"},
		{"data too big", func() error {
			_, err := c.SendData(ctx, SendDataParams{Room: "r", Payload: make([]byte, lksdk.MaxDataBytes+1)})
			return err
		}, "over LiveKit's limit of 15360"},
		{"data empty destination", func() error {
			_, err := c.SendData(ctx, SendDataParams{Room: "r", Payload: []byte("x"), Destinations: []string{""}})
			return err
		}, "destination is an empty identity"},
		{"composite no output", func() error { _, err := c.StartRoomComposite(ctx, RoomCompositeParams{Room: "r"}); return err }, "give an output"},
		{"composite audio and video only", func() error {
			_, err := c.StartRoomComposite(ctx, RoomCompositeParams{Room: "r", AudioOnly: true, VideoOnly: true, Output: out})
			return err
		}, "exclude each other"},
		{"stream scheme", func() error {
			_, err := c.StartRoomComposite(ctx, RoomCompositeParams{Room: "r", Output: EgressOutput{Streams: []string{"http://x/secretkey"}}})
			return err
		}, `stream URL has scheme "http"`},
		{"stream mix", func() error {
			_, err := c.StartRoomComposite(ctx, RoomCompositeParams{Room: "r", Output: EgressOutput{Streams: []string{"rtmp://a/b", "srt://c:1"}}})
			return err
		}, "mix RTMP and SRT"},
		{"track composite no track", func() error {
			_, err := c.StartTrackComposite(ctx, TrackCompositeParams{Room: "r", Output: out})
			return err
		}, "give an audio track"},
		{"track both outputs", func() error {
			_, err := c.StartTrack(ctx, TrackParams{Room: "r", Track: "TR_1", File: "a", WebSocketURL: "ws://x"})
			return err
		}, "not both"},
		{"track no track", func() error { _, err := c.StartTrack(ctx, TrackParams{Room: "r", File: "a"}); return err }, "track is required"},
		{"stop no id", func() error { _, err := c.StopEgress(ctx, ""); return err }, "id is required"},
		{"ingress url without source", func() error {
			_, err := c.CreateIngress(ctx, CreateIngressParams{Input: livekit.IngressInput_URL_INPUT, Room: "r", Identity: "i"})
			return err
		}, "source-url goes with the url input"},
		{"ingress source without url input", func() error {
			_, err := c.CreateIngress(ctx, CreateIngressParams{Room: "r", Identity: "i", SourceURL: "https://x/a"})
			return err
		}, "source-url goes with the url input"},
		{"ingress no identity", func() error { _, err := c.CreateIngress(ctx, CreateIngressParams{Room: "r"}); return err }, "identity is required"},
		{"ingress delete no id", func() error { _, err := c.DeleteIngress(ctx, ""); return err }, "id is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !isInvalid(err) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want InvalidError containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secretkey") {
				t.Fatalf("error echoes a stream URL: %v", err)
			}
		})
	}
}
