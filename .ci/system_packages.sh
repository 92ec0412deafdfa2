#!/usr/bin/env bash
# The Debian packages the test suite needs: Chromium (browser tests), gettext (catalogues),
# espeak-ng and ffmpeg (lesson videos). Installs the missing ones when it can (root with apt-get);
# otherwise stops with one line naming them and the command. Called by `make test` and .ci/run.
set -euo pipefail

PACKAGES=(chromium chromium-driver gettext espeak-ng ffmpeg)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing the Debian packages the tests need: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The tests need these Debian packages: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}"
exit 1
