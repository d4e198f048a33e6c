#!/usr/bin/env bash
# Build and install jupyterlab-mlflow-traces into a project-local virtualenv (.venv).
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run again (it is incremental).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

need_apt=()
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v "$PYTHON" >/dev/null 2>&1 || need_apt+=(python3 python3-venv)
if [ "${#need_apt[@]}" -gt 0 ]; then
  log "installing ${need_apt[*]} with apt-get"
  apt-get update -q && apt-get install -y -q "${need_apt[@]}"
fi

if [ ! -x "$VENV/bin/python" ]; then
  log "creating virtualenv $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
fi
export PATH="$VENV/bin:$PATH"

# Node dependencies from the lockfile (npm, not jlpm: see README "Development").
# The committed lock is what `npm install` writes, so this leaves it unchanged.
stamp="$ROOT/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ]; then
  log "npm install (from package-lock.json)"
  (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error)
fi

# Python build and runtime dependencies first, so the package build below needs no isolation.
log "pip install build and runtime dependencies"
pip install -q "hatchling>=1.5" "hatch-nodejs-version>=0.3.2" "hatch-jupyter-builder>=0.5" \
  "jupyter-builder>=1.2,<2" "jupyterlab>=4.6,<4.7"

log "building the frontend (tsc + jupyter-builder)"
(cd "$ROOT" && npm run --silent build:prod >/dev/null)

log "pip install jupyterlab-mlflow-traces${EXTRAS:-}"
pip install -q --no-build-isolation "$ROOT${EXTRAS:-}"
