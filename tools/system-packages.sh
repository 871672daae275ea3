#!/usr/bin/env bash
# Install the Debian/Ubuntu packages the platform needs, only those missing.
# Usage: tools/system-packages.sh demo|test   (test adds Chromium, PostgreSQL and Redis)
set -euo pipefail
profile=${1:-demo}

packages=(
  python3-venv make gettext openssl
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1
  fonts-dejavu-core shared-mime-info
)
if [ "$profile" = test ]; then
  packages+=(poppler-utils chromium)
  command -v pg_ctlcluster > /dev/null || packages+=(postgresql)
  command -v redis-server > /dev/null || packages+=(redis-server)
fi
# Node may come from elsewhere than Debian (NodeSource ships npm inside nodejs).
command -v npm > /dev/null || packages+=(nodejs npm)

missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" > /dev/null 2>&1 || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
