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

# Node dependencies exactly as the lockfile says (npm, not jlpm: see README "Development").
# `npm ci` never writes package-lock.json, and fails when package.json and the lock disagree
# instead of quietly re-resolving (the lock lists rspack's binding for every platform).
stamp="$ROOT/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ]; then
  log "npm ci (from package-lock.json)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Build only when the frontend's sources changed, and pip install only when any source
# changed, since the last build and install into this venv, and only if nobody changed
# what they produced since: content stamps (hashes, not mtimes, which git checkouts and
# copies do not keep), kept in the venv, per extras.
hash_files() {
  find "$@" -type f -not -path '*/__pycache__/*' -not -path '*/jupyterlab_mlflow_traces/labextension/*' \
    -not -path '*/jupyterlab_mlflow_traces/tests/*' -not -name _version.py -print0 |
    LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}
frontend_sources() { (cd "$ROOT" && hash_files src style schema package.json package-lock.json tsconfig.json); }
python_sources() { (cd "$ROOT" && hash_files jupyterlab_mlflow_traces jupyter-config pyproject.toml install.json); }
# The built labextension in the tree (check:bundle reads it; the wheel ships it).
built() {
  local d="$ROOT/jupyterlab_mlflow_traces/labextension"
  if [ -d "$d" ]; then (cd "$d" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1); else echo missing; fi
}
# The installed labextension and Python package in the venv.
installed() {
  local d dirs=("$VENV/share/jupyter/labextensions/jupyterlab-mlflow-traces"
    "$(echo "$VENV"/lib/python3*/site-packages/jupyterlab_mlflow_traces)")
  for d in "${dirs[@]}"; do [ -d "$d" ] || { echo missing; return; }; done
  find "${dirs[@]}" -type f -not -path '*/__pycache__/*' -print0 |
    LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}
extras="${EXTRAS:-}"
stamp="$VENV/.jupyterlab-mlflow-traces-stamp${extras:+-${extras//[^a-z0-9]/}}"
frontend="frontend $(frontend_sources)"
package="package $(python_sources) extras=$extras"
line() { [ -f "$stamp" ] && sed -n "$1p" "$stamp"; }
build=1 install=1
if [ "$(line 1)" = "$frontend" ] && [ "$(line 2)" = "$(built)" ]; then build=0; fi
if [ "$build" = 0 ] && [ "$(line 3)" = "$package" ] && [ "$(line 4)" = "$(installed)" ]; then install=0; fi
if [ "$install" = 0 ]; then
  log "jupyterlab-mlflow-traces$extras is built and installed from these sources: no build, no pip install"
  return 0 2>/dev/null || exit 0
fi
rm -f "$stamp"

# Python build and runtime dependencies first, so the package build below needs no isolation.
log "pip install build and runtime dependencies"
pip install -q "hatchling>=1.5" "hatch-nodejs-version>=0.3.2" "hatch-jupyter-builder>=0.5" \
  "jupyter-builder>=1.2,<2" "jupyterlab>=4.6,<4.7"

if [ "$build" = 1 ]; then
  log "building the frontend (tsc + jupyter-builder)"
  (cd "$ROOT" && npm run --silent build:prod >/dev/null)
else
  log "frontend unchanged since its last build: not rebuilt"
fi

log "pip install jupyterlab-mlflow-traces$extras"
pip install -q --no-build-isolation "$ROOT$extras"
printf '%s\n%s\n%s\n%s\n' "$frontend" "$(built)" "$package" "$(installed)" >"$stamp"
