#!/usr/bin/env python3
"""Python side of the streaming-audit benchmark (run by scripts/bench/scale.sh).

Times the Python peers of algoreg's streaming audit, Aequitas and Fairlearn, and a
bare pandas parse, on the benchmark CSV (header `hood,age,label,score`; the
prediction is score >= 0.5), and turns scale.sh's results.jsonl into results.md.
Python is used only for this benchmark; algoreg itself stays pure Rust.

Subcommands (each timing subcommand prints ONE JSON line on stdout):
  pandas-parse FILE [--engine c|pyarrow]  bare pd.read_csv (task pandas-parse or
                                          pandas-parse-pyarrow)
  aequitas FILE [--intersect]             Group().get_crosstabs + Bias() disparities
  fairlearn FILE [--boot N]               MetricFrame over the 20 hood x age groups;
                                          --boot N adds MetricFrame's own bootstrap
  --make-sample N FILE [--seed S]         a small CSV of the same format, for
                                          development while `algoreg bench data` is
                                          not there
  report [--results F] [--out F]          results.jsonl -> results.md

"seconds" is wall time measured in-process with time.perf_counter() and includes
the pandas read of the file (also reported alone as "read_seconds"); it excludes
interpreter start-up and imports, which /usr/bin/time in scale.sh does see.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HOODS = ["Centrum", "Noord", "Oost", "West", "Zuid"]
AGES = ["18-29", "30-49", "50-66", "67+"]
THRESHOLD = 0.5
BOOT_SEED = 20240917  # fixed random_state for Fairlearn's bootstrap
CI_QUANTILES = [0.025, 0.975]


def emit(obj):
    """Print one JSON line (the only stdout of a timing subcommand)."""
    print(json.dumps(obj, separators=(",", ":"), default=_json_default), flush=True)


def _json_default(x):
    # numpy scalars -> Python numbers; NaN stays NaN (json writes it as NaN).
    if hasattr(x, "item"):
        return x.item()
    raise TypeError(f"not JSON serialisable: {type(x)}")


def num(x, digits=6):
    """A float rounded for the JSON 'check' block (None for NaN)."""
    x = float(x)
    return None if x != x else round(x, digits)


def versions(*modules):
    out = {"python": platform.python_version()}
    for m in modules:
        out[m.__name__] = getattr(m, "__version__", "?")
    return out


def read_csv(path, engine="c"):
    """The one pandas read every peer uses: default dtypes, hood/age as str."""
    import pandas as pd

    kw = {"dtype": {"hood": str, "age": str}}
    if engine != "c":
        kw["engine"] = engine
    return pd.read_csv(path, **kw)


# --------------------------------------------------------------------------- sample


def make_sample(n, path, seed=42):
    """Write n rows of `hood,age,label,score` like `algoreg bench data` does.

    Group-dependent base rates and a score that is informative about the label,
    so that FNR/FPR differ between groups. Written in chunks (bounded memory).
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    hood_p = np.array([0.30, 0.20, 0.20, 0.15, 0.15])
    age_p = np.array([0.25, 0.35, 0.30, 0.10])
    hood_shift = np.array([0.00, 0.35, -0.10, 0.15, -0.25])  # on the logit scale
    age_shift = np.array([0.30, 0.00, -0.15, -0.40])
    chunk = 1_000_000
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        f.write("hood,age,label,score\n")
        done = 0
        while done < n:
            m = min(chunk, n - done)
            h = rng.choice(5, size=m, p=hood_p)
            a = rng.choice(4, size=m, p=age_p)
            base = 1.0 / (1.0 + np.exp(-(-0.9 + hood_shift[h] + age_shift[a])))
            label = (rng.random(m) < base).astype(np.int8)
            z = -1.0 + 2.0 * label + 0.6 * hood_shift[h] + rng.normal(0.0, 1.1, m)
            score = np.clip(np.round(1.0 / (1.0 + np.exp(-z)), 4), 0.0001, 0.9999)
            pd.DataFrame(
                {
                    "hood": np.array(HOODS, dtype=object)[h],
                    "age": np.array(AGES, dtype=object)[a],
                    "label": label,
                    "score": score,
                }
            ).to_csv(f, header=False, index=False, float_format="%.4f")
            done += m
    print(f"wrote {n} rows to {path}", file=sys.stderr)


# --------------------------------------------------------------------------- tasks


def cmd_pandas_parse(args):
    import pandas as pd

    t0 = time.perf_counter()
    df = read_csv(args.file, engine=args.engine)
    t = time.perf_counter() - t0
    task = "pandas-parse" if args.engine == "c" else f"pandas-parse-{args.engine}"
    emit(
        {
            "tool": "pandas",
            "task": task,
            "rows": len(df),
            "seconds": round(t, 4),
            "read_seconds": round(t, 4),
            "engine": args.engine,
            "versions": versions(pd),
        }
    )


def cmd_aequitas(args):
    import aequitas
    import numpy as np
    import pandas as pd
    from aequitas.bias import Bias
    from aequitas.group import Group

    t0 = time.perf_counter()
    df = read_csv(args.file, engine=args.engine)
    t_read = time.perf_counter() - t0

    # Aequitas wants the 0/1 prediction in `score`, the label in `label_value`
    # and the attributes as str (object) columns. Binarising here rather than
    # via score_thresholds={"score_val": [0.5]} spares Aequitas a full sort.
    ae = pd.DataFrame(
        {
            "score": (df["score"].to_numpy() >= THRESHOLD).astype(np.int64),
            "label_value": df["label"].to_numpy(),
            "hood": df["hood"],
            "age": df["age"],
        }
    )
    attrs = ["hood", "age"]
    if args.intersect:
        # Aequitas has no intersectional groups of its own: a combined column.
        ae["hood_age"] = ae["hood"] + "|" + ae["age"]
        attrs.append("hood_age")
    del df
    t1 = time.perf_counter()
    xtab, _ = Group().get_crosstabs(ae, attr_cols=attrs)
    t2 = time.perf_counter()
    bdf = Bias().get_disparity_major_group(xtab, original_df=ae, check_significance=False)
    t3 = time.perf_counter()

    noord = bdf[(bdf["attribute_name"] == "hood") & (bdf["attribute_value"] == "Noord")].iloc[0]
    check = {
        "hood=Noord": {
            "group_size": int(noord["group_size"]),
            "fnr": num(noord["fnr"]),
            "fpr": num(noord["fpr"]),
            "pprev": num(noord["pprev"]),
            "fnr_disparity": num(noord["fnr_disparity"]),
            "fpr_disparity": num(noord["fpr_disparity"]),
            "ref_group": noord["fnr_ref_group_value"],
        },
        "groups": int(len(bdf)),
    }
    if args.intersect:
        r = bdf[(bdf["attribute_name"] == "hood_age") & (bdf["attribute_value"] == "Noord|18-29")]
        if len(r):
            check["hood_age=Noord|18-29"] = {"fnr": num(r.iloc[0]["fnr"]), "fpr": num(r.iloc[0]["fpr"])}
    emit(
        {
            "tool": "aequitas",
            "task": "aequitas-intersect" if args.intersect else "aequitas",
            "rows": int(len(ae)),
            "seconds": round(t3 - t0, 4),
            "read_seconds": round(t_read, 4),
            "prepare_seconds": round(t1 - t0 - t_read, 4),
            "crosstab_seconds": round(t2 - t1, 4),
            "bias_seconds": round(t3 - t2, 4),
            "attributes": attrs,
            "reference": "largest group per attribute (get_disparity_major_group)",
            "check": check,
            "versions": versions(aequitas, pd, np),
        }
    )


def cmd_fairlearn(args):
    import fairlearn
    import numpy as np
    import pandas as pd
    from fairlearn.metrics import (
        MetricFrame,
        false_negative_rate,
        false_positive_rate,
        selection_rate,
    )

    metrics = {
        "selection_rate": selection_rate,
        "false_negative_rate": false_negative_rate,
        "false_positive_rate": false_positive_rate,
    }

    t0 = time.perf_counter()
    df = read_csv(args.file, engine=args.engine)
    t_read = time.perf_counter() - t0
    y_true = df["label"]
    y_pred = (df["score"] >= THRESHOLD).astype(np.int64)
    sf = df[["hood", "age"]]  # two columns -> the 20 intersectional groups

    # Point estimates (plus the between-group difference and ratio, which are
    # what a disparity audit reports).
    tp0 = time.perf_counter()
    mf = MetricFrame(metrics=metrics, y_true=y_true, y_pred=y_pred, sensitive_features=sf)
    by_group = mf.by_group
    diff, ratio = mf.difference(), mf.ratio()
    t_point = time.perf_counter() - tp0
    t_end = time.perf_counter()

    key = ("Noord", "18-29")
    check = {
        "Noord x 18-29": {
            "fnr": num(by_group.loc[key, "false_negative_rate"]),
            "fpr": num(by_group.loc[key, "false_positive_rate"]),
            "selection_rate": num(by_group.loc[key, "selection_rate"]),
        },
        "overall_fnr": num(mf.overall["false_negative_rate"]),
        "fnr_ratio_min_max": num(ratio["false_negative_rate"]),
        "fnr_difference": num(diff["false_negative_rate"]),
        "groups": int(len(by_group)),
    }
    out = {
        "tool": "fairlearn",
        "task": "fairlearn-point",
        "rows": int(len(df)),
        "read_seconds": round(t_read, 4),
        "point_seconds": round(t_point, 4),
    }

    if args.boot:
        # The same MetricFrame with its own bootstrap: it computes the point
        # estimates again plus n_boot resamples, so (t_boot - t_point) / n_boot
        # is the cost of one replicate.
        tb0 = time.perf_counter()
        mfb = MetricFrame(
            metrics=metrics,
            y_true=y_true,
            y_pred=y_pred,
            sensitive_features=sf,
            n_boot=args.boot,
            ci_quantiles=CI_QUANTILES,
            random_state=BOOT_SEED,
        )
        lo, hi = mfb.by_group_ci
        mfb.difference_ci(), mfb.ratio_ci()
        t_boot = time.perf_counter() - tb0
        t_end = time.perf_counter()
        per = (t_boot - t_point) / args.boot
        check["Noord x 18-29"]["fnr_ci"] = [
            num(lo.loc[key, "false_negative_rate"]),
            num(hi.loc[key, "false_negative_rate"]),
        ]
        out.update(
            {
                "task": f"fairlearn-boot{args.boot}",
                "n_boot": args.boot,
                "ci_quantiles": CI_QUANTILES,
                "random_state": BOOT_SEED,
                "boot_seconds": round(t_boot, 4),
                "seconds_per_replicate": round(per, 4),
                "extrapolated_1000_seconds": round(t_read + t_boot + (1000 - args.boot) * per, 2),
            }
        )
    out["seconds"] = round(t_end - t0, 4)
    out["check"] = check
    out["versions"] = versions(fairlearn, pd, np)
    emit(out)


# --------------------------------------------------------------------------- report

TASKS = [
    # name in results.jsonl, tool, task description
    ("algoreg-parse", "algoreg", "bare parse (`bench parse`)"),
    ("pandas-parse", "pandas", "bare parse (`read_csv`, C engine)"),
    ("pandas-parse-pyarrow", "pandas", "bare parse (`read_csv`, pyarrow engine)"),
    ("algoreg-audit", "algoreg", "full streaming audit (hood, age, hood×age)"),
    ("algoreg-parse-parquet", "algoreg", "bare decode of the Parquet twin (`bench parse`)"),
    ("algoreg-audit-parquet", "algoreg", "full streaming audit of the Parquet twin"),
    ("aequitas", "Aequitas", "crosstabs + disparities (hood, age)"),
    ("fairlearn-point", "Fairlearn", "MetricFrame point estimates (hood×age)"),
    ("fairlearn-boot3", "Fairlearn", "MetricFrame + 3 bootstrap replicates"),
]
PARSES = ["algoreg-parse", "pandas-parse", "pandas-parse-pyarrow"]


def _sh(cmd, cwd=None):
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def machine_info(repo):
    info = {"nproc": _sh(["nproc"]) or str(len(os.sched_getaffinity(0)))}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    commit = _sh(["git", "rev-parse", "HEAD"], cwd=repo)
    if commit:
        dirty = _sh(["git", "status", "--porcelain", "--untracked-files=no"], cwd=repo)
        info["commit"] = commit + (" (with uncommitted changes)" if dirty else "")
    info["kernel"] = platform.release()
    return info


def load_results(path):
    """One entry per (name, rows), from its latest batch (one scale.sh invocation): a re-run replaces
    an earlier one. Repeated runs of a batch (`scale.sh --repeat N`) become their median."""
    runs = {}
    with open(path) as f:
        for i, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"warning: {path}:{i}: skipped, not JSON ({e})", file=sys.stderr)
                continue
            runs.setdefault((r["name"], int(r["rows"])), []).append(r)
    res = {}
    for key, rs in runs.items():
        batch = rs[-1].get("batch")
        same = [r for r in rs if r.get("batch") == batch] if batch is not None else rs[-1:]
        res[key] = median_run(same)
    return res


def median_run(rs):
    """The run with the median wall time among the ok runs (the lower one of an even count), its
    in-process seconds replaced by their median, with "repeats" and "wall_range" added; a single run
    or one without an ok run is returned as it is."""
    ok = [r for r in rs if ok_wall(r)]
    if len(rs) == 1 or not ok:
        return rs[-1]
    ok.sort(key=lambda r: r["wall_seconds"])
    m = dict(ok[(len(ok) - 1) // 2])
    inners = sorted(x for x in ((r.get("inner") or {}).get("seconds") for r in ok) if x is not None)
    if inners and m.get("inner"):
        m["inner"] = dict(m["inner"], seconds=inners[(len(inners) - 1) // 2])
        m["inner_range"] = [inners[0], inners[-1]]
    m["repeats"] = len(ok)
    m["wall_range"] = [ok[0]["wall_seconds"], ok[-1]["wall_seconds"]]
    return m


def fmt_rows(n):
    n = int(n)
    for p in range(12, 2, -1):
        if n == 10**p:
            return f"10^{p}"
    if n >= 10**6:
        e = len(str(n)) - 1
        m = n / 10**e
        if round(m, 2) == m:  # 135000000 -> 1.35×10^8
            return f"{m:g}×10^{e}"
    return f"{n:,}"


def fmt_s(x):
    if x is None:
        return "—"
    return f"{x:.2f}" if x < 100 else f"{x:,.0f}"


def fmt_mib(x):
    return "—" if x is None else f"{x:,.0f}"


def fmt_x(a, b, a_inproc=None):
    """Speed-up a / b ('—' when either is missing); with a_inproc, also that / b."""
    if a is None or b is None or b <= 0:
        return "—"
    s = f"{ratio_str(a / b)}×"
    if a_inproc is not None:
        s += f" ({ratio_str(a_inproc / b)}× in-process)"
    return s


def ratio_str(x):
    return f"{x:.1f}" if x < 100 else f"{x:,.0f}"


def inproc(r):
    """The peer's own in-process seconds of an ok run (None otherwise)."""
    if not ok_wall(r):
        return None
    return (r.get("inner") or {}).get("seconds")


def ok_wall(r):
    return r["wall_seconds"] if r and r.get("ok") and not r.get("skipped") else None


def cmd_report(args):
    res = load_results(args.results)
    sizes = sorted({rows for _, rows in res})
    info = machine_info(args.repo)
    pyver = {}
    for r in res.values():
        pyver.update((r.get("inner") or {}).get("versions") or {})

    L = ["# algoreg streaming audit vs Python peers", ""]
    L.append("Made by `scripts/bench/scale.sh`; raw runs in `target/bench/results.jsonl`.")
    L.append("")
    L.append(f"- machine: {info.get('nproc', '?')} CPUs (nproc), {info.get('cpu', '?')}, "
             f"{info.get('memory', '?')} memory, Linux {info.get('kernel', '?')}")
    L.append(f"- algoreg commit: {info.get('commit', '?')}")
    if pyver:
        L.append("- peers: " + ", ".join(f"{k} {v}" for k, v in sorted(pyver.items())))
    L.append(f"- generated: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    L.append("")
    L.append("Wall time and peak memory (maximum resident set size) are those of the whole "
             "process, from `/usr/bin/time -v`, so the Python rows include interpreter "
             "start-up and imports; \"in-process\" is the tool's own perf_counter time "
             "(file read included). Prediction: score ≥ 0.5.")
    L.append("")
    L.append("## Runs")
    L.append("")
    L.append("| tool | task | rows | wall (s) | in-process (s) | peak memory (MiB) | note |")
    L.append("|---|---|---:|---:|---:|---:|---|")
    known = {t[0] for t in TASKS}
    names = [t for t in TASKS] + [(n, n, n) for n in sorted({n for n, _ in res} - known)]
    for rows in sizes:
        for name, tool, desc in names:
            r = res.get((name, rows))
            if r is None:
                continue
            inner = r.get("inner") or {}
            if r.get("skipped"):
                L.append(f"| {tool} | {desc} | {fmt_rows(rows)} | — | — | — | skipped: {r['skipped']} |")
                continue
            note = "" if r.get("ok") else f"**failed** (exit {r.get('exit_code')})"
            if name == "fairlearn-point" and r.get("ok"):
                note = f"{inner.get('point_seconds', '?')} s in MetricFrame"
            if name == "aequitas" and r.get("ok"):
                note = (f"{inner.get('crosstab_seconds', '?')} s crosstabs, "
                        f"{inner.get('bias_seconds', '?')} s disparities")
            if name.startswith("fairlearn-boot") and r.get("ok"):
                note = f"{inner.get('seconds_per_replicate', '?')} s per replicate"
            if r.get("repeats"):
                lo, hi = r["wall_range"]
                spread = f"median of {r['repeats']} runs: wall {fmt_s(lo)}–{fmt_s(hi)} s"
                if r.get("inner_range"):
                    ilo, ihi = r["inner_range"]
                    spread += f", in-process {fmt_s(ilo)}–{fmt_s(ihi)} s"
                note = f"{note}; {spread}" if note else spread
            ins = inner.get("seconds")
            L.append(f"| {tool} | {desc} | {fmt_rows(rows)} | {fmt_s(r['wall_seconds'])} | "
                     f"{fmt_s(ins)} | {fmt_mib(r.get('max_rss_mib'))} | {note} |")
            if name.startswith("fairlearn-boot") and r.get("ok") and "seconds_per_replicate" in inner:
                extra = extrapolated_boot(r)
                L.append(f"| Fairlearn | MetricFrame + 1,000 bootstrap replicates "
                         f"(**extrapolated**) | {fmt_rows(rows)} | ≈{fmt_s(extra)} | — | — | "
                         f"extrapolated from {inner.get('n_boot')} replicates, not run |")
    L.append("")
    L.append("## Speed-up of algoreg's full audit")
    L.append("")
    L.append("Ratios of wall times: a peer's time divided by algoreg's audit time "
             "(higher is better for algoreg). In parentheses the peer's in-process time "
             "instead (no interpreter start-up or imports; file read included) over the "
             "same algoreg wall time, the more conservative figure. The last column is "
             "algoreg's audit time divided by the fastest bare parse of the same file "
             "(wall times).")
    L.append("")
    L.append("| rows | algoreg audit (s) | over Aequitas | over Fairlearn point | "
             "over Fairlearn 1,000 bootstrap (extrapolated) | audit / fastest bare parse |")
    L.append("|---:|---:|---:|---:|---:|---:|")
    for rows in sizes:
        audit = ok_wall(res.get(("algoreg-audit", rows)))
        if audit is None and not any(ok_wall(res.get((n, rows))) for n, _, _ in TASKS):
            continue
        aeq = ok_wall(res.get(("aequitas", rows)))
        aeq_in = inproc(res.get(("aequitas", rows)))
        flp = ok_wall(res.get(("fairlearn-point", rows)))
        flp_in = inproc(res.get(("fairlearn-point", rows)))
        boot = None
        for (n, rw), r in res.items():
            if rw == rows and n.startswith("fairlearn-boot") and ok_wall(r):
                boot = extrapolated_boot(r)
        parses = [(ok_wall(res.get((n, rows))), n) for n in PARSES]
        parses = [p for p in parses if p[0] is not None]
        fastest = min(parses) if parses else None
        ratio = (f"{audit / fastest[0]:.2f} (vs {fastest[1]}, {fmt_s(fastest[0])} s)"
                 if audit is not None and fastest else "—")
        L.append(f"| {fmt_rows(rows)} | {fmt_s(audit)} | {fmt_x(aeq, audit, aeq_in)} | {fmt_x(flp, audit, flp_in)} | "
                 f"{fmt_x(boot, audit) + ' (extrapolated)' if boot and audit else '—'} | {ratio} |")
    L.append("")
    parquet = [rows for rows in sizes if res.get(("algoreg-audit-parquet", rows))]
    if parquet:
        L.append("## The same rows as Parquet")
        L.append("")
        L.append("algoreg's full streaming audit of the Parquet twin of each file (`scale.sh "
                 "--parquet`: the same rows, snappy-compressed) against the CSV file's, and over "
                 "the bare decode of every column of the Parquet file (wall times).")
        L.append("")
        L.append("| rows | CSV audit (s) | Parquet audit (s) | Parquet / CSV | "
                 "Parquet audit / bare decode |")
        L.append("|---:|---:|---:|---:|---:|")
        for rows in parquet:
            csv_audit = ok_wall(res.get(("algoreg-audit", rows)))
            pq_audit = ok_wall(res.get(("algoreg-audit-parquet", rows)))
            pq_parse = ok_wall(res.get(("algoreg-parse-parquet", rows)))
            share = f"{pq_audit / csv_audit:.2f}" if pq_audit and csv_audit else "—"
            floor = (f"{pq_audit / pq_parse:.2f} ({fmt_s(pq_parse)} s)"
                     if pq_audit and pq_parse else "—")
            L.append(f"| {fmt_rows(rows)} | {fmt_s(csv_audit)} | {fmt_s(pq_audit)} | "
                     f"{share} | {floor} |")
        L.append("")
    text = "\n".join(L)
    if args.out == "-":
        print(text)
    else:
        Path(args.out).write_text(text)
        print(f"wrote {args.out}", file=sys.stderr)


def extrapolated_boot(r):
    """Whole-process wall time of a Fairlearn run with 1,000 bootstrap replicates.

    The measured process read the file, ran the point-only MetricFrame, then the
    bootstrapped one with n_boot replicates. A user's 1,000-replicate run skips the
    point-only frame and does 1,000 - n_boot more replicates.
    """
    inner = r["inner"]
    n = inner["n_boot"]
    return r["wall_seconds"] - inner["point_seconds"] + (1000 - n) * inner["seconds_per_replicate"]


# --------------------------------------------------------------------------- main


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--make-sample"]:
        p = argparse.ArgumentParser(prog="peers.py --make-sample")
        p.add_argument("n", type=int)
        p.add_argument("file")
        p.add_argument("--seed", type=int, default=42)
        a = p.parse_args(argv[1:])
        make_sample(a.n, a.file, a.seed)
        return 0

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    engine_help = "pandas read_csv engine (c is pandas' default)"

    s = sub.add_parser("pandas-parse", help="bare pd.read_csv")
    s.add_argument("file")
    s.add_argument("--engine", choices=["c", "pyarrow"], default="c", help=engine_help)
    s.set_defaults(fn=cmd_pandas_parse)

    s = sub.add_parser("aequitas", help="Aequitas crosstabs + disparities")
    s.add_argument("file")
    s.add_argument("--intersect", action="store_true",
                   help="also a combined hood|age attribute (20 groups)")
    s.add_argument("--engine", choices=["c", "pyarrow"], default="c", help=engine_help)
    s.set_defaults(fn=cmd_aequitas)

    s = sub.add_parser("fairlearn", help="Fairlearn MetricFrame")
    s.add_argument("file")
    s.add_argument("--boot", type=int, default=0, metavar="N",
                   help="also MetricFrame's bootstrap with N replicates")
    s.add_argument("--engine", choices=["c", "pyarrow"], default="c", help=engine_help)
    s.set_defaults(fn=cmd_fairlearn)

    s = sub.add_parser("report", help="results.jsonl -> results.md")
    s.add_argument("--results", default="target/bench/results.jsonl")
    s.add_argument("--out", default="target/bench/results.md", help="'-' for stdout")
    s.add_argument("--repo", default=".", help="the git work tree whose commit is recorded")
    s.set_defaults(fn=cmd_report)

    a = p.parse_args(argv)
    if getattr(a, "boot", 0) < 0:
        p.error("--boot must be >= 0")
    a.fn(a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
