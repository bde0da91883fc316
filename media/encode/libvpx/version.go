package libvpx

// #include "vpxenc.h"
import "C"

import "fmt"

// Version is a libvpx release number.
type Version struct{ Major, Minor, Patch int }

// String formats v as libvpx does, without the "v".
func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// AtLeast reports whether v is o or later.
func (v Version) AtLeast(o Version) bool {
	if v.Major != o.Major {
		return v.Major > o.Major
	}
	if v.Minor != o.Minor {
		return v.Minor > o.Minor
	}
	return v.Patch >= o.Patch
}

// MinVersion returns the oldest libvpx whose API this package relies on:
// VP9E_SET_ROW_MT came in 1.7.0.
func MinVersion() Version { return Version{1, 7, 0} }

// LibraryVersion returns the version of the libvpx linked at run time.
func LibraryVersion() Version {
	v := int(C.vpx_codec_version())
	return Version{v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff}
}

// VersionString returns libvpx's own description of its build.
func VersionString() string { return C.GoString(C.vpx_codec_version_str()) }
