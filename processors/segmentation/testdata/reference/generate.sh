#!/usr/bin/env bash
# Makes reference masks with MediaPipe's own runtime: the JavaScript and
# WebAssembly of the npm package @mediapipe/selfie_segmentation, at the
# same version as the embedded models, in headless Chromium (Debian's
# chromium package) with software WebGL (SwiftShader).
#
#   apt-get install -y chromium && bash generate.sh
#
# Writes NAME_MODEL.input.png and NAME_MODEL.mask.png beside this script;
# reference_test.go compares the Go interpreter's masks with them.
set -euo pipefail

readonly VERSION="0.1.1675465747"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
server_pid="" browser_pid=""
cleanup() {
	if [[ -n "$browser_pid" ]]; then
		kill "$browser_pid" 2>/dev/null || true
		wait "$browser_pid" 2>/dev/null || true
	fi
	[[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

(cd "$tmp" && npm pack --silent "@mediapipe/selfie_segmentation@$VERSION" >/dev/null)
tar -xzf "$tmp"/mediapipe-selfie_segmentation-*.tgz -C "$tmp"

cd "$here"
go run server.go -pkg "$tmp/package" -out "$here" -addr-file "$tmp/addr" &
server_pid=$!
for _ in $(seq 100); do [[ -s "$tmp/addr" ]] && break; sleep 0.2; done
addr="$(cat "$tmp/addr")"

chromium --headless=new --no-sandbox --user-data-dir="$tmp/profile" \
	--use-angle=swiftshader --enable-unsafe-swiftshader --ignore-gpu-blocklist \
	--no-first-run --disable-extensions "http://$addr/" >"$tmp/chromium.log" 2>&1 &
browser_pid=$!

# The server exits once the page has posted every mask.
if ! timeout 300 tail --pid="$server_pid" -f /dev/null; then
	echo "generate: timed out; chromium said:" >&2
	tail -20 "$tmp/chromium.log" >&2
	exit 1
fi
wait "$server_pid"
server_pid=""
ls -l "$here"/*.mask.png
