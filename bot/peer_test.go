package bot

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"

	"github.com/lkbot/lkbot/internal/lktest"
)

// peer is a second participant, written with lksdk, that watches the bot.
type peer struct {
	t    *testing.T
	room *lksdk.Room

	mu       sync.Mutex
	tracks   map[string]*peerTrack // by source name
	data     []receivedData
	metadata map[string]string
	attrs    map[string]map[string]string
	gone     map[string]bool // unpublished track SIDs
	pubs     map[string]*lksdk.RemoteTrackPublication
}

type receivedData struct {
	from, topic, text string
}

// peerTrack is a subscribed track and every RTP packet that arrived on it.
type peerTrack struct {
	pub     *lksdk.RemoteTrackPublication
	mime    string
	mu      sync.Mutex
	packets []peerPacket
}

type peerPacket struct {
	at  time.Time
	pkt *rtp.Packet
}

func newPeer(t *testing.T, srv *lktest.Server, room, identity string) *peer {
	t.Helper()
	p := &peer{t: t, tracks: map[string]*peerTrack{}, metadata: map[string]string{}, attrs: map[string]map[string]string{}, gone: map[string]bool{}, pubs: map[string]*lksdk.RemoteTrackPublication{}}
	cb := lksdk.NewRoomCallback()
	cb.OnTrackSubscribed = func(track *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
		pt := &peerTrack{pub: pub, mime: track.Codec().MimeType}
		p.mu.Lock()
		p.tracks[SourceName(pub.Source())] = pt
		p.mu.Unlock()
		go func() {
			for {
				pkt, _, err := track.ReadRTP()
				if err != nil {
					return
				}
				pt.mu.Lock()
				pt.packets = append(pt.packets, peerPacket{at: time.Now(), pkt: pkt})
				pt.mu.Unlock()
			}
		}()
	}
	cb.OnTrackPublished = func(pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
		p.mu.Lock()
		p.pubs[SourceName(pub.Source())] = pub
		p.mu.Unlock()
	}
	cb.OnTrackUnpublished = func(pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
		p.mu.Lock()
		p.gone[pub.SID()] = true
		p.mu.Unlock()
	}
	cb.OnDataPacket = func(data lksdk.DataPacket, params lksdk.DataReceiveParams) {
		if u, ok := data.(*lksdk.UserDataPacket); ok {
			p.mu.Lock()
			p.data = append(p.data, receivedData{from: params.SenderIdentity, topic: u.Topic, text: string(u.Payload)})
			p.mu.Unlock()
		}
	}
	cb.OnMetadataChanged = func(_ string, rp lksdk.Participant) {
		p.mu.Lock()
		p.metadata[rp.Identity()] = rp.Metadata()
		p.mu.Unlock()
	}
	cb.OnAttributesChanged = func(_ map[string]string, rp lksdk.Participant) {
		p.mu.Lock()
		p.attrs[rp.Identity()] = rp.Attributes()
		p.mu.Unlock()
	}
	yes := true
	token := srv.Token(t, room, identity, &auth.VideoGrant{CanUpdateOwnMetadata: &yes})
	r, err := lksdk.ConnectToRoomWithToken(srv.URL(), token, cb, lksdk.WithAutoSubscribe(true))
	if err != nil {
		t.Fatalf("peer %s: connect: %v", identity, err)
	}
	p.room = r
	t.Cleanup(r.Disconnect)
	return p
}

// track waits for the bot's track of the given source.
func (p *peer) track(source string) *peerTrack {
	p.t.Helper()
	var pt *peerTrack
	eventually(p.t, 15*time.Second, "peer subscribes to "+source, func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		pt = p.tracks[source]
		return pt != nil
	})
	return pt
}

// publication waits until the bot publishes source, subscribed or not.
func (p *peer) publication(source string) *lksdk.RemoteTrackPublication {
	p.t.Helper()
	var pub *lksdk.RemoteTrackPublication
	eventually(p.t, 15*time.Second, "bot publishes "+source, func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		pub = p.pubs[source]
		if pub == nil && p.room != nil {
			for _, rp := range p.room.GetRemoteParticipants() {
				for _, tp := range rp.TrackPublications() {
					if rtp, ok := tp.(*lksdk.RemoteTrackPublication); ok && SourceName(rtp.Source()) == source {
						pub = rtp
					}
				}
			}
		}
		return pub != nil
	})
	return pub
}

func (pt *peerTrack) snapshot() []peerPacket {
	pt.mu.Lock()
	defer pt.mu.Unlock()
	return append([]peerPacket(nil), pt.packets...)
}

func (pt *peerTrack) count() int {
	pt.mu.Lock()
	defer pt.mu.Unlock()
	return len(pt.packets)
}

func (p *peer) received() []receivedData {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]receivedData(nil), p.data...)
}

func (p *peer) sendData(payload, topic string, reliable bool, to ...string) {
	p.t.Helper()
	opts := []lksdk.DataPublishOption{lksdk.WithDataPublishTopic(topic), lksdk.WithDataPublishReliable(reliable)}
	if len(to) > 0 {
		opts = append(opts, lksdk.WithDataPublishDestination(to))
	}
	if err := p.room.LocalParticipant.PublishDataPacket(lksdk.UserData([]byte(payload)), opts...); err != nil {
		p.t.Fatalf("peer send data: %v", err)
	}
}

func (p *peer) setQuality(pt *peerTrack, q livekit.VideoQuality) {
	p.t.Helper()
	if err := pt.pub.SetVideoQuality(q); err != nil {
		p.t.Fatalf("set video quality: %v", err)
	}
}

// has reports whether the peer has received d.
func (p *peer) has(d receivedData) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Contains(p.data, d)
}

// waitData waits until the peer has received every packet in want, in any
// order.
func (p *peer) waitData(timeout time.Duration, what string, want ...receivedData) {
	p.t.Helper()
	eventually(p.t, timeout, what, func() bool {
		for _, d := range want {
			if !p.has(d) {
				return false
			}
		}
		return true
	})
}

// name is the display name the peer sees for identity.
func (p *peer) name(identity string) string {
	if rp := p.room.GetParticipantByIdentity(identity); rp != nil {
		return rp.Name()
	}
	return ""
}
