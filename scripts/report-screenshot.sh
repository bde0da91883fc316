#!/usr/bin/env bash
# Makes docs/load-report.png, the picture of the HTML report README shows:
# merges the committed reports of a real two-shard run
# (load/report/testdata/shard-*.json) into an HTML report with
# `lkbot load merge`, opens it in headless Chromium and screenshots it.
# Chromium (Debian's package) is installed when missing. LKBOT names an
# lkbot binary to use instead of building one.
#
# The shard reports came from, against a local LiveKit server:
#   lkbot load --rooms 2 --publishers 1 --subscribers 3 --ramp 4 \
#     --resolution 320x180 --fps 15 --simulcast=false --duration 25s --warmup 5s \
#     --impair in:loss=5%,seed=7 --impair-fraction 0.25 --max-join-failures 0 \
#     --max-loss 2% --max-p95-latency 500ms --start-at T --shard I/2 --report-json shard-I.json
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
if ! command -v chromium >/dev/null; then
	echo "installing chromium"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lkbot=${LKBOT:-}
if [ -z "$lkbot" ]; then
	lkbot=$tmp/lkbot
	${GO:-go} build -o "$lkbot" ./cmd/lkbot
fi
# Exit 20 (a broken threshold) still writes the report.
"$lkbot" load merge load/report/testdata/shard-0.json load/report/testdata/shard-1.json \
	--report-html "$tmp/report.html" >/dev/null || [ $? = 20 ]
if grep -Eqi '(src|href)="(https?:)?//|url\(' "$tmp/report.html"; then
	echo "report-screenshot: the report refers to something outside itself" >&2
	exit 1
fi
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
	--disable-background-networking --window-size=1280,2400 \
	--screenshot="$tmp/report.png" "file://$tmp/report.html" 2>/dev/null
mkdir -p docs
mv "$tmp/report.png" docs/load-report.png
echo "wrote docs/load-report.png"
