#!/usr/bin/env bash
# The browser the web tests drive: Debian's Chromium at /usr/bin/chromium.
#
#   infra/local/browser.sh ensure   install the chromium package when it is missing (idempotent)
#   infra/local/browser.sh path     print the browser's path
#
# Installs with apt-get as root or through sudo, like services.sh; no `playwright install`.
set -euo pipefail

CHROMIUM="${SV_CHROMIUM:-/usr/bin/chromium}"

log() { printf '[browser.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

ensure() {
  if [ -x "$CHROMIUM" ]; then
    return 0
  fi
  command -v apt-get >/dev/null || die "apt-get not found; install chromium by hand"
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    sudo -n true 2>/dev/null || die "installing chromium needs root or sudo"
    sudo=(sudo -n)
  fi
  log "installing chromium (apt-get)"
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
  local opts=(-y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  if ! "${apt[@]}" install "${opts[@]}" chromium fonts-liberation >/dev/null 2>&1; then
    log "apt-get install failed; running apt-get update and retrying"
    "${apt[@]}" update -q >/dev/null && "${apt[@]}" install "${opts[@]}" chromium fonts-liberation >/dev/null ||
      die "could not install chromium"
  fi
  [ -x "$CHROMIUM" ] || die "$CHROMIUM still missing after install"
  log "chromium: $("$CHROMIUM" --version 2>/dev/null || echo installed)"
}

case "${1:-ensure}" in
  ensure) ensure ;;
  path) echo "$CHROMIUM" ;;
  *) die "usage: $0 ensure|path" ;;
esac
