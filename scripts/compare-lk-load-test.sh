#!/usr/bin/env bash
# Measures lkbot load against LiveKit's own lk load-test on the same work,
# the same machine and a fresh LiveKit server on loopback for every run:
# each tool's CPU (user + system) and peak RSS, in all and per subscriber,
# and the join rate the server saw.
#
# Usage: scripts/compare-lk-load-test.sh [RUNS]      (RUNS per tool and scenario, default 2)
#
# The tools alternate (lkbot, lk, lkbot, lk, ...), so that whatever else
# loads the machine spreads over both; the table gives each figure's
# range over the runs.
#
# Scenarios (one room each; SCENARIOS picks some, by name):
#   audio0     the 2 audio publishers alone
#   audio50    2 audio publishers, 50 subscribers, joining at 10/s
#   audio150   2 audio publishers, 150 subscribers, joining at 10/s
#   video0     the 2 publishers of video20 alone: what publishing costs each tool
#   video20    2 publishers of VP8 640x360 simulcast video and audio, 20 subscribers, 10/s
#   ramp150    2 audio publishers, 150 subscribers, 50 joins/s asked of each tool
# Each run stays WINDOW + 10 seconds after its last join; the steady
# figures are the tool's CPU over WINDOW seconds (default 60) starting
# 5 s after the server saw every participant active.
#
# Environment:
#   LKBOT            lkbot binary (default bin/lkbot; built with make build when missing)
#   LK               lk binary of livekit-cli v2 (default bin/lk). LK_BUILD names a
#                    script that builds it (it is given the path to write).
#   LIVEKIT_SERVER   livekit-server (default bin/livekit-server; make bin/livekit-server)
#   PORT             the server's HTTP port (default 27880); PORT+2 is its UDP port
#   SCENARIOS        default "audio0 audio50 audio150 video0 video20 ramp150"
#   TOOLS            default "lkbot lk", the order they take turns in
#   WINDOW           seconds of steady state measured (default 60)
#   OUT              directory for logs and results (default a new one under /tmp)
#
# Writes OUT/runs.tsv (one line per run) and prints a Markdown table.
# Every process it starts it stops, by PID.
set -Eeuo pipefail

runs=${1:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
LKBOT=${LKBOT:-$root/bin/lkbot}
LK=${LK:-$root/bin/lk}
LIVEKIT_SERVER=${LIVEKIT_SERVER:-$root/bin/livekit-server}
PORT=${PORT:-27880}
UDP_PORT=$((PORT + 2))
SCENARIOS=${SCENARIOS:-audio0 audio50 audio150 video0 video20 ramp150}
TOOLS=${TOOLS:-lkbot lk}
WINDOW=${WINDOW:-60}
SETTLE=5
OUT=${OUT:-$(mktemp -d /tmp/compare-lk-load-test.XXXXXX)}
KEY=devkey
SECRET=secret
HZ=$(getconf CLK_TCK)

say() { echo "compare: $*" >&2; }
die() {
	echo "compare: FAIL: $*" >&2
	exit 1
}

# ---- tools ----------------------------------------------------------------
if [ ! -x "$LKBOT" ]; then
	say "building lkbot (make build)"
	make -C "$root" --no-print-directory build >&2
	LKBOT=$root/bin/lkbot
fi
if [ ! -x "$LIVEKIT_SERVER" ]; then
	say "building livekit-server (make bin/livekit-server)"
	make -C "$root" --no-print-directory bin/livekit-server >&2
fi
if [ ! -x "$LK" ]; then
	[ -n "${LK_BUILD:-}" ] || die "no lk at $LK: set LK to an lk (livekit-cli v2) binary, or LK_BUILD to a script that builds one"
	say "building lk with $LK_BUILD"
	bash "$LK_BUILD" "$LK" >&2 || die "$LK_BUILD failed"
fi
lk_help=$("$LK" load-test --help 2>&1) || die "$LK load-test --help failed"
grep -q -- '--num-per-second' <<<"$lk_help" || die "$LK has no load-test --num-per-second"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
for p in "$PORT" "$UDP_PORT"; do
	! ss -Hltun 2>/dev/null | awk '{print $5}' | grep -q ":$p\$" || die "port $p is in use; set PORT"
done
mkdir -p "$OUT"
say "results in $OUT"

# ---- the server -------------------------------------------------------------
server_pid=
tool_pid=
stop() {
	[ -z "$tool_pid" ] || { kill "$tool_pid" 2>/dev/null || true; wait "$tool_pid" 2>/dev/null || true; }
	[ -z "$server_pid" ] || { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
	tool_pid= server_pid=
}
trap stop EXIT
trap 'stop; exit 130' INT TERM

# start_server DIR: a fresh server whose ICE candidates stay on loopback.
start_server() {
	local dir=$1
	cat >"$dir/livekit.yaml" <<EOF
port: $PORT
keys:
  $KEY: $SECRET
rtc:
  udp_port: $UDP_PORT
  tcp_port: 0
  use_external_ip: false
  enable_loopback_candidate: true
  ips:
    includes: [127.0.0.0/8]
logging:
  level: info
EOF
	"$LIVEKIT_SERVER" --dev --bind 127.0.0.1 --node-ip 127.0.0.1 --config "$dir/livekit.yaml" >"$dir/server.log" 2>&1 &
	server_pid=$!
	for _ in $(seq 100); do
		curl -fsS "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && return 0
		kill -0 "$server_pid" 2>/dev/null || die "livekit-server exited: see $dir/server.log"
		sleep 0.1
	done
	die "livekit-server did not answer on port $PORT"
}

# ---- one run ------------------------------------------------------------------
# scenario NAME: sets kind (audio or video), pubs, subs and rate.
scenario() {
	case $1 in
	audio0) kind=audio pubs=2 subs=0 rate=10 ;;
	audio50) kind=audio pubs=2 subs=50 rate=10 ;;
	audio150) kind=audio pubs=2 subs=150 rate=10 ;;
	video0) kind=video pubs=2 subs=0 rate=10 ;;
	video20) kind=video pubs=2 subs=20 rate=10 ;;
	ramp150) kind=audio pubs=2 subs=150 rate=50 ;;
	*) die "unknown scenario $1" ;;
	esac
}

# command TOOL ROOM: the tool's command line for the scenario.
command_for() {
	local tool=$1 room=$2 stay=$((WINDOW + 10))
	local url=ws://127.0.0.1:$PORT
	if [ "$tool" = lkbot ]; then
		local cmd=("$LKBOT" load --url "$url" --api-key "$KEY" --api-secret "$SECRET"
			--rooms 1 --room-prefix "$room" --subscribers "$subs" --ramp "$rate"
			--duration "${stay}s" --warmup 5s --decode-sample 0 --report-json "$dir/report.json")
		if [ "$kind" = video ]; then
			cmd+=(--publishers "$pubs" --video-codec vp8 --resolution 640x360 --fps 20 --simulcast --layout speaker)
		else
			cmd+=(--audio-publishers "$pubs")
		fi
	else
		local cmd=("$LK" load-test --url "$url" --api-key "$KEY" --api-secret "$SECRET"
			--room "$room-1" --subscribers "$subs" --num-per-second "$rate" --duration "${stay}s"
			--audio-publishers "$pubs")
		if [ "$kind" = video ]; then
			cmd+=(--video-publishers "$pubs" --video-codec vp8 --video-resolution medium)
		fi
	fi
	printf '%s\n' "${cmd[@]}"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo -1; }
now() { date +%s.%N; }

# run TOOL SCENARIO N: one measured run; appends a line to runs.tsv.
run() {
	local tool=$1 name=$2 n=$3
	scenario "$name"
	dir=$OUT/$name-$tool-$n
	mkdir -p "$dir"
	start_server "$dir"
	local want=$((pubs + subs)) room=cmp$n
	mapfile -t cmd < <(command_for "$tool" "$room")
	printf '%q ' "${cmd[@]}" >"$dir/command"
	say "$name $tool run $n: ${cmd[*]:0:2} ... ($want participants at $rate/s)"
	/usr/bin/time -f '%U %S %M %e' -o "$dir/time" "${cmd[@]}" >"$dir/out.log" 2>&1 &
	tool_pid=$!
	local child=
	for _ in $(seq 50); do
		child=$(pgrep -P "$tool_pid" | head -1) && [ -n "$child" ] && break
		sleep 0.1
	done
	[ -n "$child" ] || die "$tool did not start: see $dir/out.log"
	local t_full= c_full= s_full= t_end= c_end= s_end= seen
	while kill -0 "$tool_pid" 2>/dev/null; do
		seen=$(grep -c 'participant active' "$dir/server.log" || true)
		if [ -z "$t_full" ] && [ "$seen" -ge "$want" ]; then
			sleep "$SETTLE"
			t_full=$(now) c_full=$(cpu_ticks "$child") s_full=$(cpu_ticks "$server_pid")
		elif [ -n "$t_full" ] && [ -z "$t_end" ] && [ "$(echo "$(now) - $t_full >= $WINDOW" | bc)" = 1 ]; then
			t_end=$(now) c_end=$(cpu_ticks "$child") s_end=$(cpu_ticks "$server_pid")
		fi
		sleep 0.5
	done
	wait "$tool_pid" && rc=0 || rc=$?
	tool_pid=
	kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
	server_pid=
	read -r user sys maxrss_kb elapsed <"$dir/time" || die "no times in $dir/time"
	# The join rate the server saw: participants that became active, over
	# the time from the first to the last.
	local joined rate_seen steady server_steady
	joined=$(grep -c 'participant active' "$dir/server.log" || true)
	rate_seen=$({ grep 'participant active' "$dir/server.log" || true; } | awk '{print $1}' | sed 's/Z$//' |
		{ mapfile -t ts; [ "${#ts[@]}" -ge 2 ] && echo "scale=1; (${#ts[@]} - 1) / ($(date -d "${ts[-1]}" +%s.%N) - $(date -d "${ts[0]}" +%s.%N))" | bc || echo -; })
	if [ -n "$t_end" ] && [ "$c_end" != -1 ] && [ "$c_full" != -1 ]; then
		steady=$(echo "scale=3; ($c_end - $c_full) / $HZ / ($t_end - $t_full)" | bc)
		server_steady=$(echo "scale=3; ($s_end - $s_full) / $HZ / ($t_end - $t_full)" | bc)
	else
		steady=- server_steady=-
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$tool" "$n" "$rc" "$want" "$joined" \
		"$rate_seen" "$user" "$sys" "$((maxrss_kb / 1024))" "$elapsed" "$steady" "$server_steady" >>"$OUT/runs.tsv"
	say "$name $tool run $n: exit $rc, $joined/$want active at $rate_seen/s, cpu ${user}u+${sys}s, peak $((maxrss_kb / 1024)) MB, steady $steady cores (server $server_steady)"
}

printf 'scenario\ttool\trun\texit\tparticipants\tactive\tjoins_per_s\tuser_s\tsys_s\tpeak_rss_mb\twall_s\tsteady_cores\tserver_cores\n' >"$OUT/runs.tsv"
for name in $SCENARIOS; do
	for n in $(seq "$runs"); do
		for tool in $TOOLS; do
			run "$tool" "$name" "$n"
		done
	done
done

# ---- the table ------------------------------------------------------------------
# Each figure as min–max over the runs (one value when they agree).
python3 - "$OUT/runs.tsv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
def span(vals, fmt):
    vals = [v for v in vals if v is not None]
    if not vals:
        return "-"
    lo, hi = fmt(min(vals)), fmt(max(vals))
    return lo if lo == hi else f"{lo}–{hi}"
def num(r, k):
    try:
        return float(r[k])
    except ValueError:
        return None
print("| scenario | tool | joined | joins/s | CPU s (user+sys) | steady cores | steady millicores per subscriber | peak RSS MB | RSS MB per subscriber |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
seen = []
for r in rows:
    key = (r["scenario"], r["tool"])
    if key not in seen:
        seen.append(key)
for scen, tool in seen:
    rs = [r for r in rows if r["scenario"] == scen and r["tool"] == tool]
    subs = int(rs[0]["participants"]) - 2
    per = lambda v: v / subs if subs and v is not None else None
    joined = span([num(r, "active") for r in rs], lambda v: f"{v:.0f}") + f"/{rs[0]['participants']}"
    cpu = [num(r, "user_s") + num(r, "sys_s") for r in rs]
    steady = [num(r, "steady_cores") for r in rs]
    rss = [num(r, "peak_rss_mb") for r in rs]
    print(f"| {scen} | {tool} | {joined} | {span([num(r, 'joins_per_s') for r in rs], lambda v: f'{v:.1f}')} | "
          f"{span(cpu, lambda v: f'{v:.1f}')} | {span(steady, lambda v: f'{v:.2f}')} | "
          f"{span([per(s * 1000) if s is not None else None for s in steady], lambda v: f'{v:.1f}')} | "
          f"{span(rss, lambda v: f'{v:.0f}')} | {span([per(v) for v in rss], lambda v: f'{v:.2f}')} |")
PY
