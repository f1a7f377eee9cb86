#!/usr/bin/env bash
# Sourced by scripts/start and scripts/test: makes a fresh Debian/Ubuntu machine ready.
# Installs missing system libraries (Qt runtime, fonts, PDF tools), creates .venv and installs
# the project with its test extra. Repeated runs are quick: each step is skipped when done.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

say() { printf 'contactdesk: %s\n' "$*" >&2; }

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

# Debian packages the app and its tests need at run time (the Qt wheels bring Qt itself).
SYSTEM_PACKAGES=(
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 fonts-dejavu-core
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  poppler-utils
)

install_system_packages() {
  command -v dpkg >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: documented in README
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}" "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      say "Bitte als Administrator installieren: apt-get install ${missing[*]}"
      return 0
    fi
  fi
  say "installiere Systempakete: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

make_venv() {
  local python
  python="$(find_python)" || {
    say "Python 3.11 oder neuer wird benötigt (apt-get install python3 python3-venv)."
    exit 1
  }
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      local ver
      ver="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
      install_system_packages "python${ver}-venv"
      "$python" -m venv "$VENV"
    fi
  fi
  local stamp="$VENV/.contactdesk-installed"
  local want
  want="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installiere Python-Pakete in .venv (einmalig) …"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
    # An older checkout may have put PySide6 6.12 + PySide6-Pdf here; on Python 3.11 it is
    # replaced by 6.11 + Addons (see pyproject.toml), whose QtPdf must not collide with it.
    if "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info < (3, 12) else 1)' &&
      "$VENV/bin/python" -m pip show -q PySide6-Pdf >/dev/null 2>&1; then
      "$VENV/bin/python" -m pip uninstall -q -y PySide6-Pdf PySide6-Essentials shiboken6 \
        >/dev/null 2>&1 || true
    fi
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT[test]"
    # Compiled modules up front: the first start of the window does not compile them.
    "$VENV/bin/python" -m compileall -q "$ROOT/contactdesk" >/dev/null || true
    echo "$want" >"$stamp"
  fi
}

install_system_packages
make_venv
