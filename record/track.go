package record

import (
	"path/filepath"
	"sync"
	"time"

	"github.com/pion/rtp"

	"github.com/lkbot/lkbot/bot"
	"github.com/lkbot/lkbot/bot/event"
	"github.com/lkbot/lkbot/media/opus"
	"github.com/lkbot/lkbot/record/reception"
)

// trackRecorder writes one received track: frames from its reception
// layer go into the current file, which starts at a keyframe and, with
// segments, gives way to the next one at a keyframe. A write error ends
// the track's recording with a recording_error event; what was written
// stays playable.
type trackRecorder struct {
	r     *Recorder
	info  bot.ReceivedTrackInfo
	codec string
	// mux is the participant's shared file when the camera and
	// microphone go into one; nil for a file of the track's own.
	mux *participantFile

	mu      sync.Mutex
	rx      *reception.Track
	file    mediaFile
	files   []string
	start   time.Time // wall time at the current file's start
	first   time.Time // wall time of the first frame written
	last    time.Time // wall time of the last frame written
	failed  bool
	stopped bool
	noted   time.Time // when the manifest last heard of the track
	// want is the size of the simulcast layer asked for, if known: the
	// first file waits for a keyframe of that size, for at most
	// layerWait, while the SFU switches layers.
	want      [2]int
	firstSeen time.Time
	// blank is set after one of the SFU's tiny filler keyframes, which
	// is dropped with the frames that follow it, until a real keyframe.
	blank bool
	// pending holds a muxed microphone's frames while they wait for the
	// camera to open the participant's file.
	pending []reception.Frame
	// audioEnd is when the last audio frame written ends.
	audioEnd time.Time
}

// layerWait is how long the first file waits for the layer asked for.
const layerWait = 3 * time.Second

// audioOverlap: an audio frame that starts this much or more before the
// previous one ends is dropped; half of WebRTC's 20 ms Opus frame.
const audioOverlap = 10 * time.Millisecond

// maxBlankSize is the largest keyframe taken for the SFU's filler (it
// sends 8x8 VP8 and 2x2 H.264 keyframes when a publisher goes away).
const maxBlankSize = 16

var _ bot.TrackWriter = (*trackRecorder)(nil)

// WriteRTP hands pkt to the reception layer and writes what it completes.
func (t *trackRecorder) WriteRTP(pkt *rtp.Packet, arrival time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	for _, f := range t.rx.Push(pkt, arrival) {
		t.write(f)
	}
}

// SenderReport passes the publisher's clock to the reception layer.
func (t *trackRecorder) SenderReport(ntp uint64, rtpTime uint32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rx.SenderReport(ntp, rtpTime)
}

// Paused needs nothing: frame times come from RTP mapped to wall time, so
// a mute leaves a gap in the file, not a shift.
func (t *trackRecorder) Paused(bool) {}

// Close flushes the reception layer, finishes the file and reports.
func (t *trackRecorder) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	for _, f := range t.rx.Flush() {
		t.write(f)
	}
	if len(t.pending) > 0 && t.file == nil && !t.failed {
		t.openMuxedAudio(t.pending[0]) // the camera never came
	}
	t.stopped = true
	t.r.ended(t)
	t.closeFile()
	if t.mux != nil {
		if err := t.r.release(t.info.Participant, t.mux); err != nil && !t.failed {
			t.fail(err)
		}
	}
	st := t.rx.Stats()
	t.r.events.Publish(event.RecordingStopped{
		Participant: t.info.Participant, SID: t.info.SID, Source: t.info.Source, Files: t.files,
		Frames: st.Frames, Packets: st.Packets, Gaps: st.Gaps, DurationMs: float64(t.last.Sub(t.first)) / float64(time.Millisecond),
	})
	t.r.note(t.record())
}

// record is what the manifest says of the track now.
func (t *trackRecorder) record() trackRecord {
	st := t.rx.Stats()
	return trackRecord{
		Participant: t.info.Participant, SID: t.info.SID, Source: t.info.Source, Kind: t.info.Kind, Codec: t.codec,
		Files: append([]string(nil), t.files...), Start: t.first, End: t.last,
		Frames: st.Frames, Packets: st.Packets, Gaps: st.Gaps, Dropped: st.Dropped, KeyframeRequests: st.KeyframeRequests,
		Recording: !t.stopped && !t.failed,
	}
}

// flush writes out what the current file buffers: a paused track sends
// no frame that would close its cluster.
func (t *trackRecorder) flush() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.file == nil || t.failed {
		return
	}
	if err := t.file.Flush(); err != nil {
		t.fail(err)
	}
}

// write puts one frame in the current file, opening or rotating it first.
func (t *trackRecorder) write(f reception.Frame) {
	if t.failed || t.isBlank(f) {
		return
	}
	if !t.last.IsZero() && f.Wall.Sub(t.last) < time.Millisecond {
		// Two frames may map to (nearly) the same instant across a layer
		// switch; files keep milliseconds, and players want strictly
		// rising times.
		f.Wall = t.last.Add(time.Millisecond)
	}
	if t.file != nil && t.dueForSegment(f) {
		t.rotate(f)
	}
	if t.file == nil {
		if !t.open(f) {
			return
		}
	}
	t.put(f)
}

// put writes f to the open file.
func (t *trackRecorder) put(f reception.Frame) {
	if t.info.Kind == "audio" && !t.audioEnd.IsZero() && f.Wall.Before(t.audioEnd) {
		// The clock moved back (a new sender report). Players play audio
		// frames end to end, whatever their times: a frame that overlaps
		// the previous one would put the sound late. A small overlap is
		// moved to the previous frame's end; half a frame or more, the
		// frame is dropped, which brings the sound back in time.
		if t.audioEnd.Sub(f.Wall) >= audioOverlap {
			return
		}
		f.Wall = t.audioEnd
	}
	if err := t.file.Write(f.Wall.Sub(t.start), f.Key, f.Data); err != nil {
		t.fail(err)
		return
	}
	if t.first.IsZero() {
		t.first = f.Wall
	}
	t.last = f.Wall
	if t.info.Kind == "audio" {
		length, _ := opus.PacketDuration(f.Data)
		t.audioEnd = f.Wall.Add(length)
	}
	if now := time.Now(); now.Sub(t.noted) >= manifestEvery {
		t.noted = now
		t.r.note(t.record())
	}
}

// dueForSegment reports whether f starts the next segment: the segment's
// time is up and, for video, f is a keyframe.
func (t *trackRecorder) dueForSegment(f reception.Frame) bool {
	if t.mux != nil {
		return false
	}
	seg := t.r.cfg.Segment
	return seg > 0 && f.Wall.Sub(t.start) >= seg && (t.info.Kind != "video" || f.Key)
}

// isBlank reports frames to drop: the SFU's filler keyframe and what
// follows it until a real keyframe.
func (t *trackRecorder) isBlank(f reception.Frame) bool {
	if t.info.Kind != "video" {
		return false
	}
	if f.Key {
		t.blank = f.Width > 0 && f.Width <= maxBlankSize && f.Height <= maxBlankSize
	}
	return t.blank
}

func (t *trackRecorder) open(f reception.Frame) bool {
	if t.info.Kind == "video" && !f.Key {
		return false
	}
	if t.firstSeen.IsZero() {
		t.firstSeen = f.Wall
	}
	if len(t.files) == 0 && t.want[0] > 0 && f.Width > 0 && [2]int{f.Width, f.Height} != t.want && f.Wall.Sub(t.firstSeen) < layerWait {
		return false // the SFU has not switched to the layer asked for yet
	}
	if t.mux != nil {
		return t.openMuxed(f)
	}
	name := fileName(t.info.Participant, t.info.Source, t.info.SID, len(t.files), extension(t.codec, t.r.cfg.AudioFormat))
	file, err := t.r.create(filepath.Join(t.r.cfg.Dir, name), t.codec, f)
	if err != nil {
		t.fail(err)
		return false
	}
	t.file, t.start = file, f.Wall
	t.files = append(t.files, name)
	if len(t.files) == 1 {
		t.r.events.Publish(event.RecordingStarted{Participant: t.info.Participant, SID: t.info.SID, Source: t.info.Source, Codec: t.codec, File: name})
	}
	t.r.note(t.record())
	return true
}

// openMuxed joins the participant's shared file: the camera opens it at
// its first keyframe; the microphone's frames wait for it, for
// muxAudioWait at most, then open it alone. A camera that finds the file
// holding audio alone gets a file of its own.
func (t *trackRecorder) openMuxed(f reception.Frame) bool {
	if t.info.Kind != "video" {
		if _, _, ok := t.mux.opened(); ok || f.Wall.Sub(t.firstSeen) >= muxAudioWait {
			return t.openMuxedAudio(f)
		}
		t.pending = append(t.pending, f)
		return false
	}
	joined, err := t.mux.openVideo(t.r.cfg.Dir, t.info.Participant, t.codec, f)
	if err != nil {
		t.fail(err)
		return false
	}
	if !joined {
		mux := t.mux
		t.mux = nil
		if err := t.r.release(t.info.Participant, mux); err != nil {
			t.fail(err)
			return false
		}
		return t.open(f)
	}
	return t.joinMuxed(muxVideo)
}

// openMuxedAudio opens the participant's file, with the microphone's
// frames from first on, unless the camera has, and writes the frames
// that waited.
func (t *trackRecorder) openMuxedAudio(first reception.Frame) bool {
	if len(t.pending) > 0 {
		first = t.pending[0]
	}
	if err := t.mux.openAudio(t.r.cfg.Dir, t.info.Participant, first); err != nil {
		t.fail(err)
		return false
	}
	if !t.joinMuxed(t.mux.audioIndex()) {
		return false
	}
	pending := t.pending
	t.pending = nil
	for _, p := range pending {
		if t.failed {
			break
		}
		if !p.Wall.Before(t.start) { // from before the camera's first keyframe
			t.put(p)
		}
	}
	return !t.failed
}

// joinMuxed makes the participant's open file the track's, as its track
// index.
func (t *trackRecorder) joinMuxed(index int) bool {
	name, start, ok := t.mux.opened()
	if !ok {
		return false
	}
	t.file, t.start = muxedTrack{m: t.mux, index: index}, start
	t.files = append(t.files, name)
	t.r.events.Publish(event.RecordingStarted{Participant: t.info.Participant, SID: t.info.SID, Source: t.info.Source, Codec: t.codec, File: name})
	t.r.note(t.record())
	return true
}

func (t *trackRecorder) rotate(f reception.Frame) {
	previous := t.files[len(t.files)-1]
	t.closeFile()
	if !t.open(f) {
		return
	}
	t.r.events.Publish(event.RecordingSegment{Participant: t.info.Participant, SID: t.info.SID, Source: t.info.Source, File: t.files[len(t.files)-1], Previous: previous})
}

func (t *trackRecorder) closeFile() {
	if t.file == nil {
		return
	}
	if err := t.file.Close(); err != nil && !t.failed {
		t.fail(err)
	}
	t.file = nil
}

// fail ends the track's recording after a write error.
func (t *trackRecorder) fail(err error) {
	t.failed = true
	file := ""
	if len(t.files) > 0 {
		file = t.files[len(t.files)-1]
	}
	if t.file != nil {
		_ = t.file.Close()
		t.file = nil
	}
	t.r.events.Publish(event.RecordingError{Participant: t.info.Participant, SID: t.info.SID, Source: t.info.Source, File: file, Message: err.Error()})
	t.r.note(t.record())
}
