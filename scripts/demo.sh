#!/usr/bin/env bash
# Demo body (run by scripts/demo after the build). Grows as features land.
set -euo pipefail
B=build/chartctl
echo "== chartctl version"; $B version
