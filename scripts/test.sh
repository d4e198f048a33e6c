#!/usr/bin/env bash
# Run every test: lint, unit tests (vitest), server tests (pytest), end-to-end (Galata).
# --fast: lint, type check, fixture check and vitest only (no build, no servers, no browser),
# in the environment an earlier run or scripts/setup-env.sh made.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
case "${1:-}" in
  --fast) fast=1 ;;
  "") fast=0 ;;
  *) echo "usage: scripts/test.sh [--fast]" >&2; exit 2 ;;
esac
if [ "$fast" = 1 ] && [ -x .venv/bin/ruff ] && [ -x node_modules/.bin/vitest ]; then
  export PATH="$ROOT/.venv/bin:$PATH"
else
  EXTRAS="[test]" source scripts/setup-env.sh
fi

results=()
run() {
  local name="$1"; shift
  local start=$SECONDS
  printf '\n\033[1m== %s\033[0m\n' "$name"
  if "$@"; then results+=("PASS $name"); else results+=("FAIL $name"); fi
  results[-1]+=" ($((SECONDS - start)) s)"
}
summary() {
  printf '\n\033[1m== summary\033[0m\n'
  local failed=0 r
  for r in "${results[@]}"; do echo "$r"; case "$r" in FAIL*) failed=$((failed+1));; esac; done
  echo "suites: $(( ${#results[@]} - failed )) passed, $failed failed; $((SECONDS / 60)) min $((SECONDS % 60)) s in all (set-up included)"
  [ "$failed" = 0 ]
}

run "lint (eslint, prettier, stylelint, ruff)" npm run --silent lint:check
run "fixtures agree with what the MLflow SDK reported (check_fixtures.py)" \
  python scripts/fixtures/check_fixtures.py
# The full run type-checks when it builds (scripts/setup-env.sh).
if [ "$fast" = 1 ]; then run "type check (tsc)" npx tsc --noEmit -p .; fi
run "model and component tests (vitest)" npx vitest run
if [ "$fast" = 1 ]; then summary; exit; fi
run "start-up bundle budget" npm run --silent check:bundle

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
# Every benchmark suite at its smallest size, one run: it runs and writes its table (in a
# temp dir); timings live in benchmarks/RESULTS.md, never asserted.
run "benchmark smoke (no timings asserted)" python benchmarks/run.py --smoke

summary
