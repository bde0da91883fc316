package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// version and commit are stamped by the Makefile (-ldflags -X); a plain
// go build leaves them empty and the build info fills in what it knows.
var (
	version = ""
	commit  = ""
)

// Modules whose versions --version reports, with the names users know.
var reportedDeps = []struct{ path, name string }{
	{"github.com/livekit/server-sdk-go/v2", "lksdk"},
	{"github.com/pion/webrtc/v4", "pion/webrtc"},
}

// versionLine says which lkbot this is and what it is built on, on one
// line: lkbot v0.3.0 (commit 1a2b3c4d5e6f) lksdk v2.19.0 pion/webrtc v4.1.6 go1.25.0
func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	v, c := version, commit
	if ok {
		// A tagged module version says something; a pseudo-version
		// (v0.0.0-date-hash) only repeats the commit.
		if mv := info.Main.Version; v == "" && mv != "" && mv != "(devel)" && !strings.HasPrefix(mv, "v0.0.0-") {
			v = mv
		}
		if c == "" {
			c = buildSetting(info, "vcs.revision")
			if c != "" && buildSetting(info, "vcs.modified") == "true" {
				c += "-modified"
			}
		}
	}
	if v == "" {
		v = "dev"
	}
	if c == "" {
		c = "unknown"
	}
	parts := []string{"lkbot " + v, "(commit " + shortCommit(c) + ")"}
	if ok {
		for _, d := range reportedDeps {
			parts = append(parts, d.name+" "+depVersion(info, d.path))
		}
		parts = append(parts, info.GoVersion)
	}
	return strings.Join(parts, " ")
}

func buildSetting(info *debug.BuildInfo, key string) string {
	for _, s := range info.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}

func depVersion(info *debug.BuildInfo, path string) string {
	for _, d := range info.Deps {
		if d.Path != path {
			continue
		}
		if d.Replace != nil {
			return fmt.Sprintf("%s (replaced by %s %s)", d.Version, d.Replace.Path, d.Replace.Version)
		}
		return d.Version
	}
	return "unknown"
}

// shortCommit keeps a commit hash readable: 12 hex digits, as git does for
// large repositories, and any -modified mark.
func shortCommit(c string) string {
	hash, rest, _ := strings.Cut(c, "-")
	if len(hash) > 12 {
		hash = hash[:12]
	}
	if rest != "" {
		return hash + "-" + rest
	}
	return hash
}
