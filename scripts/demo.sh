#!/usr/bin/env bash
# Demo: a local MLflow tracking server (sqlite) plus JupyterLab on examples/.
# Stop both with Ctrl-C.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EXTRAS="[demo]" source scripts/setup-env.sh

MLFLOW_PORT="${MLFLOW_PORT:-5000}"
LAB_PORT="${LAB_PORT:-8888}"
STATE="$ROOT/.demo"
mkdir -p "$STATE/artifacts"
export MLFLOW_TRACKING_URI="http://127.0.0.1:$MLFLOW_PORT"
TOKEN="${JUPYTER_TOKEN:-$(python -c 'import secrets; print(secrets.token_hex(16))')}"

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "[demo] stopping"
  for pid in "${pids[@]}"; do kill -TERM "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

echo "[demo] starting MLflow tracking server on $MLFLOW_TRACKING_URI (store: $STATE/mlflow.db)"
# The job runner (online scoring, archival) spawns ~10 worker processes nobody here uses.
MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false setsid mlflow server --backend-store-uri "sqlite:///$STATE/mlflow.db" \
  --default-artifact-root "$STATE/artifacts" --host 127.0.0.1 --port "$MLFLOW_PORT" --workers 1 \
  >"$STATE/mlflow.log" 2>&1 &
pids+=($!)
# JupyterLab starts alongside: it does not need the tracking server to start.
echo "[demo] starting JupyterLab on http://127.0.0.1:$LAB_PORT"
setsid jupyter lab --no-browser --allow-root --ip=127.0.0.1 --port="$LAB_PORT" \
  --ServerApp.root_dir="$ROOT/examples" --IdentityProvider.token="$TOKEN" \
  >"$STATE/jupyterlab.log" 2>&1 &
pids+=($!)

# wait_for <name> <pid> <log> <url>: until the URL answers, or fail with the log's tail.
wait_for() {
  local _
  for _ in $(seq 240); do
    curl -fsS "$4" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "[demo] $1 failed:"; tail -20 "$3"; exit 1; }
    sleep 0.5
  done
  echo "[demo] $1 did not answer at ${4%%\?*} in 120 s:"; tail -20 "$3"; exit 1
}
wait_for "mlflow server" "${pids[0]}" "$STATE/mlflow.log" "$MLFLOW_TRACKING_URI/health"
wait_for JupyterLab "${pids[1]}" "$STATE/jupyterlab.log" "http://127.0.0.1:$LAB_PORT/api/status?token=$TOKEN"

cat <<MSG

  MLflow tracking server : $MLFLOW_TRACKING_URI
  JupyterLab             : http://127.0.0.1:$LAB_PORT/lab/tree/quickstart.ipynb?token=$TOKEN

  Logs in $STATE/. Press Ctrl-C to stop both.
MSG
wait
