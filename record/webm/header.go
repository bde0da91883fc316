package webm

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/at-wat/ebml-go"
	"github.com/at-wat/ebml-go/webm"
)

// Element IDs the writer encodes itself, and those the SeekHead points to.
var (
	idSegment = []byte{0x18, 0x53, 0x80, 0x67}
	idCluster = []byte{0x1f, 0x43, 0xb6, 0x75}
	idInfo    = []byte{0x15, 0x49, 0xa9, 0x66}
	idTracks  = []byte{0x16, 0x54, 0xae, 0x6b}
	idCues    = []byte{0x1c, 0x53, 0xbb, 0x6b}
)

const (
	// seekHeadSize is the room kept after the segment's start for a
	// SeekHead of three entries, padded with a Void.
	seekHeadSize = 96
	// durationSize is a Duration element with a float64: ID 44 89, size
	// 88, 8 bytes. A Void of the same size holds its place until Close.
	durationSize = 11
	// timecodeScale is the Matroska tick: 1 ms.
	timecodeScale = 1_000_000
)

// info is the segment's Info with a Void where Close writes the Duration:
// a file that was never closed has no duration rather than a wrong one.
type info struct {
	TimecodeScale uint64 `ebml:"TimecodeScale"`
	MuxingApp     string `ebml:"MuxingApp"`
	WritingApp    string `ebml:"WritingApp"`
	Void          []byte `ebml:"Void"`
}

// layout is where the header put what Close patches, as file offsets.
type layout struct {
	segData  int64 // first byte of the segment's payload
	duration int64 // the Void that Close replaces by the Duration
	info     int64 // Info, relative to segData
	tracks   int64 // Tracks, relative to segData
}

// header encodes the EBML header, a Segment of unknown size, a SeekHead
// to Info and Tracks, Info and Tracks.
func header(tracks []track) ([]byte, layout, error) {
	doc := "webm"
	var entries []webm.TrackEntry
	for i := range tracks {
		t := &tracks[i]
		if t.Codec == "h264" {
			doc = "matroska"
			if t.CodecPrivate == nil {
				return nil, layout{}, fmt.Errorf("track %d: %w", i, ErrNoParameterSets)
			}
		}
		entries = append(entries, t.entry())
	}
	var b bytes.Buffer
	h := struct {
		EBML webm.EBMLHeader `ebml:"EBML"`
	}{webm.EBMLHeader{
		EBMLVersion: 1, EBMLReadVersion: 1, EBMLMaxIDLength: 4, EBMLMaxSizeLength: 8,
		DocType: doc, DocTypeVersion: 4, DocTypeReadVersion: 2,
	}}
	if err := ebml.Marshal(&h, &b); err != nil {
		return nil, layout{}, err
	}
	b.Write(idSegment)
	b.Write([]byte{0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}) // unknown size
	var l layout
	l.segData = int64(b.Len())
	l.info = seekHeadSize
	inf := struct {
		Info info `ebml:"Info"`
	}{info{TimecodeScale: timecodeScale, MuxingApp: "lkbot", WritingApp: "lkbot", Void: make([]byte, durationSize-2)}}
	var body bytes.Buffer
	if err := ebml.Marshal(&inf, &body); err != nil {
		return nil, layout{}, err
	}
	l.duration = l.segData + l.info + int64(body.Len()) - durationSize
	l.tracks = l.info + int64(body.Len())
	tr := struct {
		Tracks webm.Tracks `ebml:"Tracks"`
	}{webm.Tracks{TrackEntry: entries}}
	if err := ebml.Marshal(&tr, &body); err != nil {
		return nil, layout{}, err
	}
	sh, err := seekHead(l, -1)
	if err != nil {
		return nil, layout{}, err
	}
	b.Write(sh)
	b.Write(body.Bytes())
	return b.Bytes(), l, nil
}

// seekHead encodes the SeekHead, with Cues when cues >= 0 (relative to the
// segment's payload), padded to seekHeadSize.
func seekHead(l layout, cues int64) ([]byte, error) {
	s := webm.SeekHead{Seek: []webm.Seek{
		{SeekID: idInfo, SeekPosition: uint64(l.info)},
		{SeekID: idTracks, SeekPosition: uint64(l.tracks)},
	}}
	if cues >= 0 {
		s.Seek = append(s.Seek, webm.Seek{SeekID: idCues, SeekPosition: uint64(cues)})
	}
	v := struct {
		SeekHead webm.SeekHead `ebml:"SeekHead"`
	}{s}
	var b bytes.Buffer
	if err := ebml.Marshal(&v, &b); err != nil {
		return nil, err
	}
	if b.Len() > seekHeadSize-2 {
		return nil, fmt.Errorf("SeekHead of %d bytes does not fit its %d", b.Len(), seekHeadSize)
	}
	return appendVoid(b.Bytes(), seekHeadSize-b.Len()), nil
}

// appendVoid appends a Void element of n bytes in all, 2 <= n <= 128.
func appendVoid(b []byte, n int) []byte {
	b = append(b, 0xec, 0x80|byte(n-2))
	return append(b, make([]byte, n-2)...)
}

// durationElement is the Duration that replaces the Void in Info.
func durationElement(ms float64) []byte {
	b := []byte{0x44, 0x89, 0x88}
	return binary.BigEndian.AppendUint64(b, math.Float64bits(ms))
}

// sizeVint8 is n as an 8-byte EBML size, for sizes patched in place.
func sizeVint8(n int64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(n))
	b[0] = 0x01
	return b[:]
}

// appendVint appends n as the shortest EBML size, n < 2^56-1.
func appendVint(b []byte, n uint64) []byte {
	l := 1
	for l < 8 && n >= 1<<(7*l)-1 {
		l++
	}
	for i := l - 1; i >= 0; i-- {
		c := byte(n >> (8 * i))
		if i == l-1 {
			c |= 0x80 >> (l - 1)
		}
		b = append(b, c)
	}
	return b
}

// cues encodes the Cues element.
func cues(points []webm.CuePoint) ([]byte, error) {
	v := struct {
		Cues webm.Cues `ebml:"Cues"`
	}{webm.Cues{CuePoint: points}}
	var b bytes.Buffer
	if err := ebml.Marshal(&v, &b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
