#!/usr/bin/env bash
# The README's table of false-alarm rates and power: the seeded nuisance simulation
# (tests/alarm_simulation.rs) on ALGOREG_SIM_DATASETS datasets per scenario (default 400).
set -euo pipefail
cd "$(dirname "$0")/.."
export ALGOREG_SIM_DATASETS="${ALGOREG_SIM_DATASETS:-400}"
cargo test --release --locked --test alarm_simulation -- --nocapture --test-threads 1 2>&1 |
    grep -oE '(null|power): .*'
