#!/usr/bin/env bash
# Prepare a fresh machine: system packages (when root), a virtual environment, the project.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

# postgresql: server tests; fonts-noto-cjk: the virtual printer's ticket pictures;
# espeak-ng: spoken calls; libusb-1.0-0: USB ticket printers; gcc, libc6-dev: the test that
# builds a stand-in vendor photo decoder (.so) for the ctypes loader.
APT_PACKAGES=(postgresql fonts-noto-cjk espeak-ng libusb-1.0-0 gcc libc6-dev)

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
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --disable-pip-version-check -e ".[dev]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
mkdir -p var
