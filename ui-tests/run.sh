#!/usr/bin/env bash
# Galata end-to-end tests: starts a real MLflow tracking server (sqlite) for them,
# then Playwright starts JupyterLab (see playwright.config.js) and drives Chromium.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ ! -x /usr/bin/chromium ]; then
  echo "[ui-tests] installing Debian's chromium"
  apt-get update -q && apt-get install -y -q chromium
fi
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm install --no-audit --no-fund --loglevel=error
fi

free_port() { python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
STATE="$(mktemp -d)"
export MLFLOW_PORT="${MLFLOW_PORT:-$(free_port)}"
export LAB_PORT="${LAB_PORT:-$(free_port)}"
# A second JupyterLab under a JupyterHub-like base_url (base-url.spec.ts, see playwright.config.js).
export BASE_URL_LAB_PORT="${BASE_URL_LAB_PORT:-$(free_port)}"
export MLFLOW_TRACKING_URI="http://127.0.0.1:$MLFLOW_PORT"
export MLFLOW_STATE="$STATE"

# The job runner (online scoring, archival) spawns ~10 worker processes nobody here uses.
MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false setsid mlflow server --backend-store-uri "sqlite:///$STATE/mlflow.db" \
  --default-artifact-root "$STATE/artifacts" --host 127.0.0.1 --port "$MLFLOW_PORT" --workers 1 \
  >"$STATE/mlflow.log" 2>&1 &
MLFLOW_PID=$!
trap 'kill -TERM -$MLFLOW_PID 2>/dev/null || true; wait $MLFLOW_PID 2>/dev/null || true; rm -rf "$STATE"' EXIT

# A kernelspec for a kernel from another virtualenv (MLflow 2.22.5 and ipykernel, not this
# package), for other-venv-kernel.spec.ts: the hook must reach it as source. JUPYTER_PATH
# lets the JupyterLab servers Playwright starts find it. Its display name sorts after
# "Python 3 (ipykernel)": Galata's new notebooks take the first kernel of the list.
OTHER_VENV_PYTHON="$(bash ../scripts/mlflow2-env.sh)"
"$OTHER_VENV_PYTHON" -m ipykernel install --prefix "$STATE/other-venv" --name mlflow-other-venv \
  --display-name "Second venv (MLflow 2)" >/dev/null
export JUPYTER_PATH="$STATE/other-venv/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
for _ in $(seq 120); do
  curl -fsS "$MLFLOW_TRACKING_URI/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "$MLFLOW_TRACKING_URI/health" >/dev/null || { tail -30 "$STATE/mlflow.log"; exit 1; }

npx playwright test "$@"
