#!/usr/bin/env bash
# Runs the client-frame fuzzer for SECONDS, seeded with one envelope of each kind, then the
# WebSocket frame reader's fuzzer for SECONDS / 4, seeded with frames of each kind.
# Exits non-zero when libFuzzer finds a crash, a leak or undefined behaviour.
set -euo pipefail
build=${1:-build-fuzz}
seconds=${2:-60}
cd "$(dirname "$0")/.."
corpus="$build/fuzz-corpus"
mkdir -p "$corpus"
# Seeds: text-format envelopes encoded with protoc; the fuzzer's first byte picks role and type.
for f in tests/fuzz/seeds/*.txt; do
  for role_byte in '\x00' '\x01' '\x02' '\x03'; do
    name="$corpus/seed-$(basename "$f" .txt)-${role_byte:3:1}"
    { printf "$role_byte"; protoc --encode=fenliu.v1.ClientEnvelope -I proto \
        proto/fenliu/v1/fenliu.proto < "$f"; } > "$name"
  done
done
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
  "$build/tests/fuzz/fuzz_client_frame" -max_total_time="$seconds" -max_len=4096 \
  -print_final_stats=1 "$corpus"
ws_corpus="$build/fuzz-corpus-ws"
mkdir -p "$ws_corpus"
cp tests/fuzz/ws_seeds/* "$ws_corpus/"
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
  "$build/tests/fuzz/fuzz_ws_frames" -max_total_time="$(( (seconds + 3) / 4 ))" -max_len=4096 \
  -print_final_stats=1 "$ws_corpus"
echo "fuzz: ${seconds}s and $(( (seconds + 3) / 4 ))s without findings"
