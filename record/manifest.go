package record

import (
	"time"

	"github.com/lkbot/lkbot/record/manifest"
)

// manifestEvery is how often a recording track refreshes its counts in
// the manifest; starts, segments, stops and errors rewrite it at once.
const manifestEvery = 5 * time.Second

// trackRecord is what the manifest says of one track.
type trackRecord struct {
	Participant, SID, Source, Kind, Codec string
	Files                                 []string
	Start, End                            time.Time
	Frames, Packets, Gaps, Dropped        uint64
	KeyframeRequests                      uint64
	Recording                             bool
}

// writeManifest replaces manifest.json with what the recorder knows now.
func (r *Recorder) writeManifest() error {
	r.mu.Lock()
	m := &manifest.Manifest{Room: r.room, Recorder: r.me, Started: r.started, Ended: r.endedAt, Tracks: []manifest.Track{}}
	for _, sid := range r.order {
		t := r.tracks[sid]
		m.Tracks = append(m.Tracks, manifest.Track{
			Participant: t.Participant, SID: t.SID, Source: t.Source, Kind: t.Kind, Codec: t.Codec,
			Files: t.Files, Start: t.Start, End: t.End,
			Frames: t.Frames, Packets: t.Packets, Gaps: t.Gaps, Dropped: t.Dropped, KeyframeRequests: t.KeyframeRequests,
		})
	}
	r.mu.Unlock()
	return manifest.Write(r.cfg.Dir, m)
}
