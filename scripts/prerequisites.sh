#!/usr/bin/env bash
# Installs what the HiGHS build needs and a fresh machine may lack: cmake and libclang; and
# what the report test (tests/report.rs) needs: Debian's chromium, the headless browser it
# renders report.html in, and a CJK font (fonts-noto-cjk) for the page's Chinese text.
# Safe to run again: it installs nothing that is already there.
set -euo pipefail

# bindgen needs libclang's development files (the unversioned libclang.so and clang's own
# headers), not only the runtime library that other packages pull in.
have_libclang() {
  [ -n "${LIBCLANG_PATH:-}" ] && return 0
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f='${Package} ${Status}\n' 'libclang-dev' 'libclang-*-dev' 2>/dev/null |
      grep -qE '^libclang(-[0-9]+)?-dev install ok installed' && return 0
    return 1
  fi
  compgen -G '/usr/lib/llvm-*/lib/libclang.so' >/dev/null && return 0
  compgen -G '/usr/lib*/libclang.so' >/dev/null && return 0
  compgen -G '/usr/lib/*/libclang.so' >/dev/null && return 0
  return 1
}

missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
have_libclang || missing+=(libclang-dev)
command -v cargo >/dev/null 2>&1 || { echo "prerequisites: cargo not found; install Rust from https://rustup.rs" >&2; exit 1; }
command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing+=(build-essential)
# The report test looks for the same names (or TEPAI_CHROMIUM).
have_chromium() {
  [ -n "${TEPAI_CHROMIUM:-}" ] && [ -x "${TEPAI_CHROMIUM}" ] && return 0
  for b in chromium chromium-browser google-chrome google-chrome-stable; do
    command -v "$b" >/dev/null 2>&1 && return 0
  done
  [ -x "/Applications/Chromium.app/Contents/MacOS/Chromium" ] && return 0
  [ -x "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" ] && return 0
  return 1
}
have_chromium || missing+=(chromium)
# report.html names no font files: Chinese text needs a CJK font installed for the browser.
if command -v fc-list >/dev/null 2>&1 || command -v apt-get >/dev/null 2>&1; then
  [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ] || missing+=(fonts-noto-cjk)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

echo "prerequisites: installing ${missing[*]}" >&2
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  # Wait for another apt (e.g. unattended-upgrades on a new machine) instead of failing.
  lock=(-o DPkg::Lock::Timeout=600)
  $sudo apt-get "${lock[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get "${lock[@]}" install -y -qq "${missing[@]}" >/dev/null
elif command -v brew >/dev/null 2>&1; then
  formulae=()
  for m in "${missing[@]}"; do
    case "$m" in
      cmake) formulae+=(cmake) ;;
      libclang-dev) formulae+=(llvm) ;;
      chromium) brew install --cask chromium ;;
      fonts-noto-cjk) ;;
    esac
  done
  [ ${#formulae[@]} -gt 0 ] && brew install "${formulae[@]}"
  echo "prerequisites: if bindgen cannot find libclang, export LIBCLANG_PATH=\"\$(brew --prefix llvm)/lib\"" >&2
else
  echo "prerequisites: please install: ${missing[*]} (cmake and libclang are needed to build HiGHS, chromium for the report test)" >&2
  exit 1
fi
