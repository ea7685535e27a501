#!/usr/bin/env bash
# Prepare a fresh machine: system packages (when root), a virtual environment, the project.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

# postgresql, redis-server, nginx: server and scale-out tests (several processes sharing
# PostgreSQL and a Redis message queue behind docs/deploy-nginx.conf); fonts-noto-cjk: the virtual printer's ticket pictures;
# espeak-ng: spoken calls; libusb-1.0-0: USB ticket printers; gcc, libc6-dev: the test that
# builds a stand-in vendor photo decoder (.so) for the ctypes loader; chromium: the display
# tests drive Debian's browser through Playwright (never a downloaded one).
APT_PACKAGES=(postgresql redis-server nginx fonts-noto-cjk espeak-ng libusb-1.0-0 gcc libc6-dev chromium)
# npm: the display's browser libraries (socket.io-client) come from the npm registry, not a
# CDN. A machine whose Node.js already brings npm (NodeSource) keeps it.
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages (install as root): ${missing[*]}" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# Reinstall when the project file or the set of top-level packages changes.
stamp=.venv/.installed-$( (cat pyproject.toml; ls -d */) | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --disable-pip-version-check -e ".[dev]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
# The display pages' browser libraries, pinned by display/package-lock.json.
lock_stamp=display/node_modules/.installed-$(sha1sum display/package-lock.json | cut -c1-12)
if [ ! -f "$lock_stamp" ]; then
  npm ci --prefix display --no-audit --no-fund --loglevel=error
  touch "$lock_stamp"
fi
mkdir -p var
