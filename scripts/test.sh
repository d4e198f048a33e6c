#!/usr/bin/env bash
# Run every test: lint, unit tests (vitest), server tests (pytest), end-to-end (Galata).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EXTRAS="[test]" source scripts/setup-env.sh

results=()
run() {
  local name="$1"; shift
  printf '\n\033[1m== %s\033[0m\n' "$name"
  if "$@"; then results+=("PASS $name"); else results+=("FAIL $name"); fi
}

run "lint (eslint, prettier, stylelint)" npm run --silent lint:check
run "model and component tests (vitest)" npx vitest run
# MLflow 2.22.5 in its own virtualenv: a 2.x tracking server for the server
# extension's fallbacks, and a 2.x kernel for the kernel hook.
mlflow2_python="$(bash scripts/mlflow2-env.sh)"
export MLFLOW2_BIN="$(dirname "$mlflow2_python")/mlflow"

run "server extension and kernel hook, MLflow 3.17.2 (pytest)" \
  env MLFLOW_TRACES_EXPECT_MLFLOW=3.17.2 python -m pytest -q -rs -p no:cacheprovider jupyterlab_mlflow_traces/tests
run "kernel hook in an MLflow 2.22.5 kernel (pytest)" \
  env MLFLOW_TRACES_KERNEL_PYTHON="$mlflow2_python" MLFLOW_TRACES_EXPECT_MLFLOW=2.22.5 \
  python -m pytest -q -rs -p no:cacheprovider jupyterlab_mlflow_traces/tests/test_kernel_hook.py
run "end-to-end tests (Galata, Chromium)" bash ui-tests/run.sh

printf '\n\033[1m== summary\033[0m\n'
failed=0
for r in "${results[@]}"; do echo "$r"; case "$r" in FAIL*) failed=$((failed+1));; esac; done
passed=$(( ${#results[@]} - failed ))
echo "suites: $passed passed, $failed failed"
[ "$failed" = 0 ]
