#!/usr/bin/env bash
# Starts the server with the embedded defaults: SQLite in ./data and the demo shop.
set -euo pipefail
build=${1:-build}
port=${2:-8080}
cd "$(dirname "$0")/.."
exec "./$build/app/fenliu" --config config/demo-shop.toml --listen "127.0.0.1:$port" \
  --data-dir data --print-demo-tokens yes
