#!/usr/bin/env bash
# Real-browser end-to-end test of web/ (widget and workbench) against the real fenliu binary.
# Installs what is missing first: Debian's chromium, a CJK font, nodejs and npm (apt-get update
# only when something has to be installed), then playwright-core in tests/browser (never a
# browser download). Usage: scripts/test-browser.sh [path/to/fenliu]  (or FENLIU_BIN=...)
set -euo pipefail
cd "$(dirname "$0")/.."
export FENLIU_BIN=${1:-${FENLIU_BIN:-build/app/fenliu}}

if [[ ! -x "$FENLIU_BIN" ]]; then
  echo "test-browser: $FENLIU_BIN not found; build it first (cmake --build build --target fenliu)" >&2
  exit 1
fi

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# Without a CJK font Chinese text renders as boxes in the screenshots.
fc-list 2>/dev/null | grep -qiE 'wqy|noto sans cjk|noto serif cjk' || missing+=(fonts-wqy-microhei)
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "test-browser: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if (( $(node -p 'process.versions.node.split(".")[0]') < 20 )); then
  echo "test-browser: playwright-core needs Node.js 20 or newer; found $(node --version)" >&2
  exit 1
fi

# The pages load web/dist/ (generated codec and bundles); rebuilding it takes a second.
scripts/build-web.sh

cd tests/browser
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [[ ! -d node_modules/playwright-core ]]; then
  if [[ -f package-lock.json ]]; then
    npm ci --no-audit --no-fund
  else
    npm install --no-audit --no-fund
  fi
fi
FENLIU_BIN=$(cd ../.. && realpath "$FENLIU_BIN") exec node --test --test-concurrency=1 ./*.test.mjs
