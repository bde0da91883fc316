#!/usr/bin/env bash
# Runs every fuzz target in the module for FUZZTIME each (default 20s).
# Targets are found, not listed, so that a new one cannot be forgotten.
set -euo pipefail
fuzztime=${FUZZTIME:-20s}
go=${GO:-go}
grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r file; do
	pkg=./$(dirname "${file#./}")
	grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //' | while read -r fn; do
		echo "== $pkg $fn"
		"$go" test -short -run '^$' -fuzz "^${fn}\$" -fuzztime "$fuzztime" "$pkg"
	done
done
