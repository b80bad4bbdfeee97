#!/usr/bin/env bash
# Scale benchmark: algoreg's streaming audit against the Python peers Aequitas and
# Fairlearn, and against bare parses (algoreg's and pandas'), on the same CSV files
# of N scored rows. Every run is timed under /usr/bin/time -v (wall clock and peak
# RSS) and appended as one JSON line to target/bench/results.jsonl; at the end
# `peers.py report` turns that into target/bench/results.md.
#
# Usage (from the repo root):
#   bash scripts/bench/scale.sh [--sizes "1000000 10000000"] [--big] [--parquet] [--append] [--no-build] [--repeat N]
#     --sizes   row counts for the full comparison (default: 10^6 and 10^7)
#     --big     also 10^8 and 1.35x10^8 rows, algoreg only (parse and audit)
#     --parquet also the Parquet twin of each file (same rows, `bench data --format parquet`):
#               algoreg's bare decode and full streaming audit of it
#     --append  keep earlier runs in results.jsonl (a re-run of a size replaces it in the report)
#     --no-build  skip `cargo build --release --locked` (use the binary as it is)
#     --repeat N  run the quick runs (algoreg's, pandas' parses, Aequitas) N times each; the report
#               gives the median and the range (Fairlearn's long runs are made once)
#   ALGOREG=path overrides the binary (default target/release/algoreg).
set -euo pipefail
shopt -s inherit_errexit   # a failing step inside $(...) stops the script too

SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/../.."

SIZES="1000000 10000000"
BIG=0
PARQUET=0
APPEND=0
BUILD=1
REPEAT=1
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) SIZES="$2"; shift 2 ;;
        --big) BIG=1; shift ;;
        --parquet) PARQUET=1; shift ;;
        --append) APPEND=1; shift ;;
        --no-build) BUILD=0; shift ;;
        --repeat) REPEAT="$2"; shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$SELF"; exit 0 ;;
        *) echo "scale.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done

for n in $SIZES; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "scale.sh: --sizes wants row counts, got '$n'" >&2; exit 2; }
done
[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || { echo "scale.sh: --repeat wants a count, got '$REPEAT'" >&2; exit 2; }
BATCH="$(date -u +%Y%m%dT%H%M%S)-$$"   # the runs of this invocation (the report takes the latest)

ALGOREG="${ALGOREG:-target/release/algoreg}"
BENCH=target/bench
LOGS="$BENCH/logs"
RESULTS="$BENCH/results.jsonl"
PEERS=scripts/bench/peers.py
BIG_SIZES="100000000 135000000"
FAIRLEARN_MAX_ROWS=10000000   # Fairlearn point estimates are skipped above this
BOOT_ROWS=1000000             # the bootstrap replicate cost is measured at this size only
BOOT_N=3

if [ ! -x /usr/bin/time ]; then
    echo "scale.sh: /usr/bin/time (GNU time) is missing: apt-get install time" >&2
    exit 1
fi

mkdir -p "$BENCH" "$LOGS"

# ---------------------------------------------------------------- helpers

# A JSON string literal of $1 (backslashes, quotes and control characters escaped).
json_str() {
    local s="$1"
    s="${s//\\/\\\\}"; s="${s//\"/\\\"}"
    s="${s//$'\t'/\\t}"; s="${s//$'\n'/\\n}"; s="${s//$'\r'/\\r}"
    printf '"%s"' "$s"
}

# measure [--stdout FILE] [--ok "0 1"] NAME ROWS CMD...
# Runs CMD under /usr/bin/time -v and appends one JSON line to $RESULTS:
#   {"name","rows","wall_seconds","max_rss_mib","exit_code","ok","cmd","stdout"[,"inner"]}
# CMD's stdout goes to FILE (default $LOGS/NAME-ROWS.out), its stderr to
# $LOGS/NAME-ROWS.err. When stdout is the default log and its last line is a JSON
# object (the peers' and `algoreg bench parse`'s report), it is embedded as "inner".
# "ok" is true when the exit code is one of --ok (default "0"). Never fails itself.
measure() {
    local out="" okcodes="0"
    while [ $# -gt 0 ]; do
        case "$1" in
            --stdout) out="$2"; shift 2 ;;
            --ok) okcodes="$2"; shift 2 ;;
            *) break ;;
        esac
    done
    local name="$1" rows="$2"; shift 2
    local tag="$LOGS/$name-$rows"
    local embed=0
    if [ -z "$out" ]; then out="$tag.out"; embed=1; fi
    echo "scale.sh: [$name, $rows rows] $*" >&2

    local rc=0
    /usr/bin/time -v -o "$tag.time" "$@" > "$out" 2> "$tag.err" || rc=$?

    # "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.03" -> seconds
    local wall rss_kb rss_mib
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); s = 0;
            for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$tag.time" 2>/dev/null)"
    rss_kb="$(awk -F': ' '/Maximum resident set size/ { print $NF }' "$tag.time" 2>/dev/null)"
    if [ -n "$rss_kb" ]; then rss_mib="$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')"; fi

    local ok=false c
    for c in $okcodes; do [ "$rc" = "$c" ] && ok=true; done

    local line
    line="{\"name\":$(json_str "$name"),\"rows\":$rows,\"batch\":$(json_str "$BATCH"),\"wall_seconds\":${wall:-null},"
    line+="\"max_rss_mib\":${rss_mib:-null},\"exit_code\":$rc,\"ok\":$ok,"
    line+="\"cmd\":$(json_str "$*"),\"stdout\":$(json_str "$out")"
    if [ "$embed" = 1 ]; then
        local last
        last="$(tail -n 1 "$out" 2>/dev/null || true)"
        if [[ "$last" == "{"*"}" ]]; then line+=",\"inner\":$last"; fi
    fi
    line+="}"
    echo "$line" >> "$RESULTS"
    if [ "$ok" = true ]; then
        echo "scale.sh:   ${wall:-?} s, ${rss_mib:-?} MiB" >&2
    else
        echo "scale.sh:   FAILED with exit code $rc (see $tag.err)" >&2
    fi
}

# skip NAME ROWS REASON: record a run that was deliberately not made.
skip() {
    echo "scale.sh: [$1, $2 rows] skipped: $3" >&2
    echo "{\"name\":$(json_str "$1"),\"rows\":$2,\"batch\":$(json_str "$BATCH"),\"skipped\":$(json_str "$3")}" >> "$RESULTS"
}

# data ROWS [FORMAT]: the path of target/bench/scored-ROWS.csv (or .parquet), generated by
# algoreg if missing.
data() {
    local ext="${2:-csv}"
    local f="$BENCH/scored-$1.$ext" tmp="$BENCH/.partial-scored-$1.$ext"
    if [ ! -s "$f" ]; then
        echo "scale.sh: generating $f" >&2
        "$ALGOREG" bench data --rows "$1" --format "$ext" --out "$tmp" >&2
        mv "$tmp" "$f"   # an interrupted generation never passes for a finished file
    fi
    cat "$f" > /dev/null   # the same warm page cache for every tool
    echo "$f"
}

# repeat CMD...: CMD, $REPEAT times.
repeat() {
    local k
    for ((k = 1; k <= REPEAT; k++)); do "$@"; done
}

algoreg_runs() {   # ROWS FILE [SUFFIX]: algoreg's bare parse and full streaming audit
    repeat measure "algoreg-parse${3:-}" "$1" "$ALGOREG" bench parse "$2"
    repeat measure --stdout "$BENCH/audit${3:-}-$1.json" --ok "0 1" "algoreg-audit${3:-}" "$1" \
        "$ALGOREG" audit --data "$2" --label label --score score --threshold 0.5 \
        --group hood --group age --intersect hood,age --stream --json
}

parquet_runs() {   # ROWS: the same runs on the Parquet twin, with --parquet
    if [ "$PARQUET" = 1 ]; then
        algoreg_runs "$1" "$(data "$1" parquet)" -parquet
    fi
}

# ---------------------------------------------------------------- setup

if [ "$BUILD" = 1 ]; then
    cargo build --release --locked
fi
if [ ! -x "$ALGOREG" ]; then
    echo "scale.sh: $ALGOREG is missing (build it, or set ALGOREG=)" >&2
    exit 1
fi
PY="$(bash scripts/bench/venv.sh)"
HAVE_PYARROW=0
"$PY" -c 'import pyarrow' 2>/dev/null && HAVE_PYARROW=1
[ "$APPEND" = 1 ] || : > "$RESULTS"   # only now: a failed build keeps the last results

# ---------------------------------------------------------------- runs

for n in $SIZES; do
    f="$(data "$n")"
    algoreg_runs "$n" "$f"
    parquet_runs "$n"
    repeat measure pandas-parse "$n" "$PY" "$PEERS" pandas-parse "$f"
    if [ "$HAVE_PYARROW" = 1 ]; then
        repeat measure pandas-parse-pyarrow "$n" "$PY" "$PEERS" pandas-parse "$f" --engine pyarrow
    fi
    repeat measure aequitas "$n" "$PY" "$PEERS" aequitas "$f"
    if [ "$n" -le "$FAIRLEARN_MAX_ROWS" ]; then
        measure fairlearn-point "$n" "$PY" "$PEERS" fairlearn "$f"
    else
        skip fairlearn-point "$n" "more than $FAIRLEARN_MAX_ROWS rows"
    fi
    if [ "$n" -eq "$BOOT_ROWS" ]; then
        measure "fairlearn-boot$BOOT_N" "$n" "$PY" "$PEERS" fairlearn "$f" --boot "$BOOT_N"
    fi
done

if [ "$BIG" = 1 ]; then
    for n in $BIG_SIZES; do
        case " $SIZES " in *" $n "*) continue ;; esac   # already run above
        f="$(data "$n")"
        algoreg_runs "$n" "$f"
        parquet_runs "$n"
    done
fi

"$PY" "$PEERS" report --results "$RESULTS" --out "$BENCH/results.md" --repo .
echo "scale.sh: results in $BENCH/results.md and $RESULTS" >&2
