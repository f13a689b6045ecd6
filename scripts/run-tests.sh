#!/usr/bin/env bash
# Runs the whole suite. pytest exits 5 when it collects nothing: treat that as failure.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p test-artifacts
$BIN/pytest "$@"
rc=$?
if [ $rc -eq 5 ]; then
  echo "run-tests: pytest collected no tests - failing" >&2
  exit 1
fi
[ $rc -eq 0 ] || exit $rc
echo "run-tests: lint (ruff, mypy)"
$BIN/ruff check . && $BIN/mypy settings extract store access graph schema cli alerts web embed exports feeds hardening evaluation i18n observability server.py bench/*.py tests/bench/*.py
