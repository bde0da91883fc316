#!/usr/bin/env bash
# Runs `make test` N times in a row and reports each run's result and wall
# time, then how many passed. Exits non-zero unless every run passed.
set -uo pipefail
n=${1:-5}
make=${MAKE:-make}
passed=0
summary=()
for i in $(seq 1 "$n"); do
	start=$(date +%s)
	if "$make" --no-print-directory test; then
		result=pass
		passed=$((passed + 1))
	else
		result=FAIL
	fi
	secs=$(($(date +%s) - start))
	summary+=("run $i: $result in $((secs / 60))m$((secs % 60))s")
	echo "test-repeat: ${summary[-1]}"
done
echo "test-repeat: $passed of $n runs passed"
printf '  %s\n' "${summary[@]}"
[ "$passed" -eq "$n" ]
