#!/usr/bin/env bash
# The simulator step of make bench, also runnable alone: the built-in scenarios
# (fenliu-sim with no scenario: Erlang-C check, shop day, surge hour with and without peak
# mode), then every scenario file in bench/sim/scenarios/, merged into one bench/out/sim.json
# under sim.scenarios.<name>. Needs jq.
#
#   scripts/bench_sim.sh BUILD_DIR [OUT_JSON]
set -euo pipefail

build=${1:-build}
cd "$(dirname "$0")/.."
out=${2:-bench/out/sim.json}
sim="$build/bench/sim/fenliu-sim"
[ -x "$sim" ] || { echo "bench_sim: $sim not built" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

timeout 600 "$sim" "$tmp/builtin.json"
files=("$tmp/builtin.json")
for f in bench/sim/scenarios/*.toml bench/sim/scenarios/*.json; do
  [ -e "$f" ] || continue
  name=$(basename "${f%.*}")
  timeout 600 "$sim" --scenario "$f" "$tmp/file_$name.json"
  files+=("$tmp/file_$name.json")
done
# Later files add their scenarios to the built-in ones.
jq -s 'reduce .[1:][] as $f (.[0]; .sim.scenarios += $f.sim.scenarios)' "${files[@]}" >"$out"
echo "wrote $out: scenarios $(jq -c '.sim.scenarios | keys' "$out")"
