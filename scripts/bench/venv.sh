#!/usr/bin/env bash
# Creates (idempotently) the Python venv of the streaming-audit benchmark at
# target/bench-venv and installs the pinned peers of scripts/bench/requirements.txt
# (Fairlearn, Aequitas, pandas). Prints the venv's python path on stdout; all else
# goes to stderr. Re-installs only when requirements.txt changed since the last
# install. Python is only for the benchmark: algoreg itself stays pure Rust.
# Usage:  bash scripts/bench/venv.sh        (PYTHON=python3.11 to choose the interpreter)
set -euo pipefail

cd "$(dirname "$0")/../.."

VENV=target/bench-venv
REQ=scripts/bench/requirements.txt
PY="${PYTHON:-python3}"
STAMP="$VENV/.requirements.sha256"

if [ ! -x "$VENV/bin/python" ]; then
    # fairlearn 0.15 needs Python >= 3.11; aequitas 1.1.0 needs < 3.14.
    if ! "$PY" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 14)))'; then
        echo "venv.sh: $PY is $("$PY" -V 2>&1); the benchmark peers need Python 3.11-3.13 (set PYTHON=...)" >&2
        exit 1
    fi
    echo "venv.sh: creating $VENV with $("$PY" -V 2>&1)" >&2
    mkdir -p target
    "$PY" -m venv "$VENV"
fi

want="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$want" ]; then
    echo "venv.sh: installing $REQ into $VENV" >&2
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$REQ" >&2
    echo "$want" > "$STAMP"
else
    echo "venv.sh: $VENV is up to date" >&2
fi

echo "$PWD/$VENV/bin/python"
