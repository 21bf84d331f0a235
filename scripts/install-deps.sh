#!/usr/bin/env bash
# Installs the Debian packages fenliu needs. Idempotent: does nothing when all are present.
set -euo pipefail
packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libprotobuf-dev protobuf-compiler libfmt-dev libspdlog-dev libsqlite3-dev sqlite3
  libgtest-dev libgmock-dev libbenchmark-dev libtomlplusplus-dev libssl-dev
  libhowardhinnant-date-dev tzdata
  postgresql libpq-dev redis-server libhiredis-dev
  clang libclang-rt-14-dev curl
  python3 python3-prometheus-client
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The web build (scripts/build-web.sh) runs node and npm. Checked by command rather than by
# package: a Node.js installed another way (NodeSource's nodejs bundles npm) serves as well.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
