#!/usr/bin/env bash
# Regenerate the Python-peer known-answer fixtures under tests/data/.
# Usage (from the repo root):  bash scripts/peers/run.sh
# Python is used only here, to compute expected values; algoreg stays pure Rust.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

VENV="${TMPDIR:-/tmp}/algoreg-peers-venv"
PY="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
    echo "creating venv at $VENV" >&2
    "$PY" -m venv "$VENV"
fi

# fairness==0.1.8 declares "BlackBoxAuditing>=0.1.26ggplot", which pip >= 24.1
# refuses outright (even with --no-deps). Pin pip to the verified 23.2.1 (a no-op
# when the venv already has it, as python3.11's bundled pip does).
"$VENV/bin/python" -m pip install --disable-pip-version-check -q 'pip==23.2.1'
"$VENV/bin/python" -m pip install --disable-pip-version-check -q \
    -r scripts/peers/requirements.txt

mkdir -p tests/data
"$VENV/bin/python" scripts/peers/make_adult_fixture.py
# reads tests/data/adult_scored.csv, so it must run after make_adult_fixture.py
"$VENV/bin/python" scripts/peers/make_score_count_fixtures.py
"$VENV/bin/python" scripts/peers/stats_fixtures.py
"$VENV/bin/python" scripts/peers/sampling_fixtures.py
# reads the shipped models (models/*/*.csv), not the audit records it is checked against
"$VENV/bin/python" scripts/peers/shipped_sampling_fixtures.py
"$VENV/bin/python" scripts/peers/assoc_fixtures.py
# reads the shipped models (models/*/*.csv, model.toml), not the audit records it is checked against
"$VENV/bin/python" scripts/peers/shipped_spurious_fixtures.py
"$VENV/bin/python" scripts/peers/train_fixtures.py
"$VENV/bin/python" scripts/peers/tree_fixtures.py
echo "done: tests/data/adult_scored.csv tests/data/adult_fairlearn_expected.json tests/data/adult_score_expected.json tests/data/hotspot_count_expected.json tests/data/stats_expected.json tests/data/sampling_expected.json tests/data/shipped_sampling_expected.json tests/data/assoc_expected.json tests/data/shipped_spurious_expected.json tests/data/train_expected.json tests/data/tree_expected.json" >&2
