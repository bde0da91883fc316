// Package manifest reads and writes manifest.json, the file beside a
// recording that says what was recorded: the room, the recorder, and per
// track its participant, source, codec, files and counts. Write replaces
// the file atomically, so that a reader (or a recorder killed mid-write)
// never leaves a partial manifest.
package manifest
