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
run "server extension tests (pytest)" python -m pytest -q -p no:cacheprovider jupyterlab_mlflow_traces/tests
run "end-to-end tests (Galata, Chromium)" bash ui-tests/run.sh

printf '\n\033[1m== summary\033[0m\n'
failed=0
for r in "${results[@]}"; do echo "$r"; case "$r" in FAIL*) failed=$((failed+1));; esac; done
passed=$(( ${#results[@]} - failed ))
echo "suites: $passed passed, $failed failed"
[ "$failed" = 0 ]
