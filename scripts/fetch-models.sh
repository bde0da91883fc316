#!/usr/bin/env bash
# Fetches the MediaPipe selfie segmentation models (Apache-2.0) from the npm
# package @mediapipe/selfie_segmentation, checks their sha256 sums and copies
# them into processors/segmentation/models/, where they are committed and
# embedded. Run it only to re-create or update those files.
set -euo pipefail

readonly PKG="@mediapipe/selfie_segmentation"
readonly VERSION="0.1.1675465747"
readonly SHA_GENERAL="8d13b7fae74af625c641226813616a2117bd6bca19eb3b75574621fc08557f27"
readonly SHA_LANDSCAPE="4aafe6223bb8dac6fac8ca8ed56852870a33051ef3f6238822d282a109962894"
readonly SHA_TARBALL="7767b33eaa68990ee06c28bbb89f39a13a47ebb07ff0f1fd4947d9e817bb9bf9"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/processors/segmentation/models"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

check() { # file expected-sha256
	local got
	got="$(sha256sum "$1" | cut -d' ' -f1)"
	if [[ "$got" != "$2" ]]; then
		echo "fetch-models: $1: sha256 $got, want $2" >&2
		exit 1
	fi
}

(cd "$tmp" && npm pack --silent "$PKG@$VERSION" >/dev/null)
tarball="$tmp/mediapipe-selfie_segmentation-$VERSION.tgz"
check "$tarball" "$SHA_TARBALL"
tar -xzf "$tarball" -C "$tmp"
check "$tmp/package/selfie_segmentation.tflite" "$SHA_GENERAL"
check "$tmp/package/selfie_segmentation_landscape.tflite" "$SHA_LANDSCAPE"

mkdir -p "$dest"
install -m 0644 "$tmp/package/selfie_segmentation.tflite" "$dest/"
install -m 0644 "$tmp/package/selfie_segmentation_landscape.tflite" "$dest/"
install -m 0644 "$tmp/package/package.json" "$dest/package.json"
# The package declares "license": "Apache-2.0" but ships no licence text;
# use the standard text (Debian keeps a copy) or fail if it is missing.
if [[ -f "$tmp/package/LICENSE" ]]; then
	install -m 0644 "$tmp/package/LICENSE" "$dest/LICENSE"
elif [[ -f /usr/share/common-licenses/Apache-2.0 ]]; then
	install -m 0644 /usr/share/common-licenses/Apache-2.0 "$dest/LICENSE"
else
	echo "fetch-models: no Apache-2.0 licence text found; add it to $dest/LICENSE" >&2
	exit 1
fi
echo "fetch-models: models in $dest"
