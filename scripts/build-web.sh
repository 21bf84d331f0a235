#!/usr/bin/env bash
# Builds the browser pages: generates the protobuf code for fenliu.proto with protoc (Debian) and
# protoc-gen-es, then bundles the pages' entry modules with esbuild into web/dist/, which the
# server serves from web_root. Both tools come from web/package-lock.json (exact versions), so
# the output depends only on this repository. Installs nodejs/npm from Debian when missing and
# runs `npm ci` only when the lock file changed since the last install. Usage: scripts/build-web.sh
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v protoc >/dev/null || missing+=(protobuf-compiler)
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "build-web: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi

cd web
# npm ci wipes node_modules and reinstalls: only when the lock differs from the installed one.
# --prefer-offline uses the npm cache when it has the exact versions, so a rebuild needs no network.
if ! cmp -s package-lock.json node_modules/.fenliu-installed-lock 2>/dev/null; then
  if ! npm ci --prefer-offline --no-audit --no-fund; then
    echo "build-web: npm ci failed: a first install needs the npm registry or its cache" >&2
    exit 1
  fi
  cp package-lock.json node_modules/.fenliu-installed-lock
fi

# Generated code: web/gen/fenliu/v1/fenliu_pb.js (git-ignored, like the bundle).
rm -rf gen.tmp
mkdir -p gen.tmp
protoc --plugin=protoc-gen-es=node_modules/.bin/protoc-gen-es --es_out=gen.tmp \
  --es_opt=target=js -I ../proto ../proto/fenliu/v1/fenliu.proto
rm -rf gen
mv gen.tmp gen

# One bundle per page plus codec.js (the browser test imports it); shared code goes into chunks.
rm -rf dist
node_modules/.bin/esbuild js/widget.js js/workbench.js js/index.js js/codec.js \
  --bundle --format=esm --splitting --target=es2020 --outdir=dist --chunk-names=chunk-[hash] \
  --log-level=warning
echo "build-web: web/dist/ ($(ls dist | wc -l) files)"
