#!/usr/bin/env bash
# A Python venv with the latest MLflow 2 (2.22.5) and ipykernel, for running the kernel
# hook tests against MLflow 2:
#
#   MLFLOW_TRACES_KERNEL_PYTHON="$(scripts/mlflow2-env.sh)" MLFLOW_TRACES_EXPECT_MLFLOW=2.22.5 \
#     python -m pytest jupyterlab_mlflow_traces/tests/test_kernel_hook.py
#
# The tests drive the kernel from the main environment (jupyter_client, pytest, and the
# MLflow 3 tracking server); only the kernel runs in this venv, and it imports this
# package from the source tree (PYTHONPATH), so the package is not installed here.
#
# Prints the venv's python on stdout (logs go to stderr). Safe to run again: it only
# reinstalls when the pins below change.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${MLFLOW2_VENV:-$ROOT/.test-state/mlflow2-venv}"
PYTHON="${PYTHON:-python3}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

# Newer releases of two of MLflow 2.22.5's dependencies break it, and its own
# requirements do not exclude them:
# - opentelemetry-sdk 1.41+: MLflow's span processor skips SimpleSpanProcessor.__init__
#   and the SDK now reads attributes set there, so spans never export;
# - SQLAlchemy 2.1: removed FallbackAsyncAdaptedQueuePool (sqlite/SQL stores fail to import).
# ipykernel for the kernel, nothing else.
PINS=(
  "mlflow==2.22.5"
  "opentelemetry-api<1.41"
  "opentelemetry-sdk<1.41"
  "sqlalchemy<2.1"
  "ipykernel>=6.29"
)
log() { printf '\033[1m[mlflow2-env]\033[0m %s\n' "$*" >&2; }

stamp="$VENV/.pins"
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  mkdir -p "$(dirname "$VENV")"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip >&2
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "${PINS[*]}" ]; then
  log "pip install ${PINS[*]}"
  "$VENV/bin/pip" install -q "${PINS[@]}" >&2
  printf '%s' "${PINS[*]}" >"$stamp"
fi
version="$("$VENV/bin/python" -c 'import mlflow; print(mlflow.__version__)' 2>/dev/null | tail -1)"
if [ "$version" != "2.22.5" ]; then
  log "unexpected mlflow version in $VENV: '$version'"
  exit 1
fi
echo "$VENV/bin/python"
