package admin

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// TextWriter is a result that prints itself for people.
type TextWriter interface {
	WriteText(w io.Writer) error
}

// Write prints a result: as one line of JSON, or as text for people.
func Write(w io.Writer, v TextWriter, asJSON bool) error {
	if !asJSON {
		return v.WriteText(w)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// fields prints aligned "key: value" lines.
func fields(w io.Writer, kv ...string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 1, ' ', 0)
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(tw, "%s:\t%s\n", kv[i], kv[i+1])
	}
	return tw.Flush()
}

// table prints a header and rows in aligned columns.
func table(w io.Writer, header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func timePtrText(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return timeText(*t)
}

func secondsText(s uint32) string {
	if s == 0 {
		return "server default"
	}
	return (time.Duration(s) * time.Second).String()
}

func attributesText(a map[string]string) string {
	if len(a) == 0 {
		return "-"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(a)) {
		parts = append(parts, k+"="+a[k])
	}
	return strings.Join(parts, " ")
}

// WriteText prints the room as "key: value" lines.
func (r Room) WriteText(w io.Writer) error {
	maxP := "no limit"
	if r.MaxParticipants > 0 {
		maxP = fmt.Sprint(r.MaxParticipants)
	}
	return fields(w,
		"room", r.Name,
		"sid", r.SID,
		"participants", fmt.Sprintf("%d (%d publishing)", r.NumParticipants, r.NumPublishers),
		"created", timeText(r.CreatedAt),
		"empty timeout", secondsText(r.EmptyTimeout),
		"departure timeout", secondsText(r.DepartureTimeout),
		"max participants", maxP,
		"recording", fmt.Sprint(r.ActiveRecording),
		"metadata", orDash(r.Metadata),
	)
}

// WriteText prints the rooms as a table.
func (rs Rooms) WriteText(w io.Writer) error {
	if len(rs) == 0 {
		_, err := fmt.Fprintln(w, "no rooms")
		return err
	}
	rows := make([][]string, 0, len(rs))
	for _, r := range rs {
		rows = append(rows, []string{r.Name, r.SID, fmt.Sprint(r.NumParticipants), fmt.Sprint(r.NumPublishers), timeText(r.CreatedAt), orDash(r.Metadata)})
	}
	return table(w, []string{"ROOM", "SID", "PARTICIPANTS", "PUBLISHERS", "CREATED", "METADATA"}, rows)
}

// WriteText says which room was deleted.
func (d RoomDeleted) WriteText(w io.Writer) error {
	_, err := fmt.Fprintf(w, "deleted room %s\n", d.Room)
	return err
}

// trackText is one track in a participant table: "microphone TR_x audio/opus muted".
func (t Track) trackText() string {
	s := t.Source + " " + t.SID
	if t.MimeType != "" {
		s += " " + t.MimeType
	}
	if t.Width > 0 {
		s += fmt.Sprintf(" %dx%d", t.Width, t.Height)
	}
	if t.Muted {
		s += " muted"
	}
	return s
}

func tracksText(ts []Track) string {
	if len(ts) == 0 {
		return "-"
	}
	parts := make([]string, 0, len(ts))
	for _, t := range ts {
		parts = append(parts, t.trackText())
	}
	return strings.Join(parts, ", ")
}

func (p Permissions) text() string {
	var on []string
	for _, f := range []struct {
		name string
		on   bool
	}{{"publish", p.CanPublish}, {"subscribe", p.CanSubscribe}, {"publish-data", p.CanPublishData}, {"update-metadata", p.CanUpdateMetadata}, {"hidden", p.Hidden}} {
		if f.on {
			on = append(on, f.name)
		}
	}
	s := strings.Join(on, ",")
	if s == "" {
		s = "none"
	}
	if len(p.CanPublishSources) > 0 {
		s += " (sources: " + strings.Join(p.CanPublishSources, ",") + ")"
	}
	return s
}

// WriteText prints the participant as "key: value" lines.
func (p Participant) WriteText(w io.Writer) error {
	return fields(w,
		"identity", p.Identity,
		"sid", p.SID,
		"name", orDash(p.Name),
		"state", p.State,
		"kind", p.Kind,
		"joined", timeText(p.JoinedAt),
		"metadata", orDash(p.Metadata),
		"attributes", attributesText(p.Attributes),
		"permissions", p.Permissions.text(),
		"tracks", tracksText(p.Tracks),
	)
}

// WriteText prints the participants as a table.
func (ps Participants) WriteText(w io.Writer) error {
	if len(ps) == 0 {
		_, err := fmt.Fprintln(w, "no participants")
		return err
	}
	rows := make([][]string, 0, len(ps))
	for _, p := range ps {
		rows = append(rows, []string{p.Identity, p.SID, orDash(p.Name), p.State, p.Permissions.text(), tracksText(p.Tracks)})
	}
	return table(w, []string{"IDENTITY", "SID", "NAME", "STATE", "PERMISSIONS", "TRACKS"}, rows)
}

// WriteText says who was removed.
func (r ParticipantRemoved) WriteText(w io.Writer) error {
	_, err := fmt.Fprintf(w, "removed %s from room %s\n", r.Identity, r.Room)
	return err
}

// WriteText says which track was muted or unmuted.
func (m TrackMuted) WriteText(w io.Writer) error {
	state := "unmuted"
	if m.Track.Muted {
		state = "muted"
	}
	_, err := fmt.Fprintf(w, "%s %s track %s of %s in room %s\n", state, m.Track.Source, m.Track.SID, m.Identity, m.Room)
	return err
}

// WriteText says what was sent to whom.
func (d DataSent) WriteText(w io.Writer) error {
	mode := "lossy"
	if d.Reliable {
		mode = "reliable"
	}
	topic := ""
	if d.Topic != "" {
		topic = fmt.Sprintf(" on topic %q", d.Topic)
	}
	to := "everyone"
	if len(d.Destinations) > 0 {
		to = strings.Join(d.Destinations, ", ")
	}
	_, err := fmt.Fprintf(w, "sent %d bytes (%s)%s to %s in room %s\n", d.Size, mode, topic, to, d.Room)
	return err
}

// WriteText prints the egress as "key: value" lines.
func (e Egress) WriteText(w io.Writer) error {
	kv := []string{"egress", e.EgressID, "room", e.Room, "type", e.Type, "status", e.Status,
		"started", timePtrText(e.StartedAt), "ended", timePtrText(e.EndedAt)}
	if e.Error != "" {
		kv = append(kv, "error", e.Error)
	}
	return fields(w, kv...)
}

// WriteText prints the egresses as a table.
func (es Egresses) WriteText(w io.Writer) error {
	if len(es) == 0 {
		_, err := fmt.Fprintln(w, "no egress")
		return err
	}
	rows := make([][]string, 0, len(es))
	for _, e := range es {
		rows = append(rows, []string{e.EgressID, e.Room, e.Type, e.Status, timePtrText(e.StartedAt), orDash(e.Error)})
	}
	return table(w, []string{"EGRESS", "ROOM", "TYPE", "STATUS", "STARTED", "ERROR"}, rows)
}

// WriteText prints the ingress as "key: value" lines, stream key included:
// the encoder needs it.
func (i Ingress) WriteText(w io.Writer) error {
	kv := []string{"ingress", i.IngressID, "name", orDash(i.Name), "input", i.Input, "url", orDash(i.URL),
		"stream key", orDash(i.StreamKey), "room", i.Room, "identity", i.Identity, "status", i.Status}
	if i.Error != "" {
		kv = append(kv, "error", i.Error)
	}
	return fields(w, kv...)
}

// WriteText prints the ingresses as a table, without stream keys.
func (is Ingresses) WriteText(w io.Writer) error {
	if len(is) == 0 {
		_, err := fmt.Fprintln(w, "no ingress")
		return err
	}
	rows := make([][]string, 0, len(is))
	for _, i := range is {
		rows = append(rows, []string{i.IngressID, orDash(i.Name), i.Input, i.Room, i.Identity, i.Status, orDash(i.URL)})
	}
	return table(w, []string{"INGRESS", "NAME", "INPUT", "ROOM", "IDENTITY", "STATUS", "URL"}, rows)
}

// WriteText prints the token alone, so that `$(lkbot token ...)` is it.
func (t Token) WriteText(w io.Writer) error {
	_, err := fmt.Fprintln(w, t.JWT)
	return err
}
