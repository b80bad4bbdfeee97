//! The parent: runs each case in a child, schedules sizes within the budget, projects skipped fits and
//! prints the table.

use super::*;
use crate::child::Measured;

pub(crate) struct Options {
    pub(crate) rows: Vec<usize>,
    pub(crate) only: Option<Vec<String>>,
    pub(crate) budget: f64,
    pub(crate) max_fit: f64,
}

pub(crate) fn usage() -> ! {
    eprintln!(
        "usage: cargo bench --bench train -- [--rows 100000,1000000] [--only NAME[,NAME…]] \
         [--budget SECONDS] [--max-fit SECONDS]\ncases: {}",
        CASES.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
    );
    std::process::exit(2)
}

pub(crate) fn options(args: &[String]) -> Options {
    let mut o = Options {
        rows: vec![100_000, 1_000_000],
        only: None,
        budget: 900.0,
        max_fit: 300.0,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().unwrap_or_else(|| usage());
        match a.as_str() {
            // cargo bench passes --bench to harness = false targets.
            "--bench" => {}
            "--rows" => {
                let mut rows: Vec<usize> = value()
                    .split(',')
                    .map(|v| {
                        v.trim()
                            .replace('_', "")
                            .parse()
                            .unwrap_or_else(|_| usage())
                    })
                    .collect();
                rows.sort_unstable();
                rows.dedup();
                if rows.iter().any(|&n| n < 10) {
                    usage()
                }
                o.rows = rows;
            }
            "--only" => {
                let names: Vec<String> = value().split(',').map(|s| s.trim().to_string()).collect();
                if let Some(bad) = names.iter().find(|n| !CASES.iter().any(|c| c.name == *n)) {
                    eprintln!("unknown case `{bad}`");
                    usage()
                }
                o.only = Some(names);
            }
            "--budget" => o.budget = value().parse().unwrap_or_else(|_| usage()),
            "--max-fit" => o.max_fit = value().parse().unwrap_or_else(|_| usage()),
            _ => usage(),
        }
    }
    o
}

/// One table row: measured (median over repeats) or skipped with a reason.
pub(crate) struct Row {
    pub(crate) case: &'static Case,
    pub(crate) rows: usize,
    pub(crate) features: usize,
    pub(crate) outcome: Outcome,
}

pub(crate) enum Outcome {
    Measured {
        repeats: usize,
        seconds: f64,
        cpu_seconds: f64,
        data_kb: u64,
        peak_kb: u64,
        note: String,
        /// The child's whole wall time (data, fit, scoring), for projecting the budget.
        wall: f64,
    },
    Skipped(String),
}

pub(crate) fn run_child(case: &Case, rows: usize) -> Result<(Measured, f64), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let start = Instant::now();
    let out = Command::new(exe)
        .args(["--child", case.name, &rows.to_string()])
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| e.to_string())?;
    let wall = start.elapsed().as_secs_f64();
    if !out.status.success() {
        return Err(format!("child exited with {}", out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with("RESULT\t"))
        .ok_or("the child printed no result")?;
    let f: Vec<&str> = line.splitn(8, '\t').collect();
    let bad = || format!("unreadable child result: {line}");
    Ok((
        Measured {
            rows: f[1].parse().map_err(|_| bad())?,
            features: f[2].parse().map_err(|_| bad())?,
            seconds: f[3].parse().map_err(|_| bad())?,
            cpu_seconds: f[4].parse().map_err(|_| bad())?,
            data_kb: f[5].parse().map_err(|_| bad())?,
            peak_kb: f[6].parse().map_err(|_| bad())?,
            note: f[7].to_string(),
        },
        wall,
    ))
}

pub(crate) fn measure(
    case: &'static Case,
    rows: usize,
    repeats: usize,
    budget_left: impl Fn() -> f64,
) -> Row {
    let mut runs: Vec<(Measured, f64)> = Vec::new();
    for k in 0..repeats {
        // After the first run, repeat only while the budget allows another run of the same length.
        if let Some((_, wall)) = runs.first()
            && *wall > budget_left()
        {
            break;
        }
        eprintln!("  {} at {rows} rows, run {}/{repeats} …", case.name, k + 1);
        match run_child(case, rows) {
            Ok(r) => runs.push(r),
            Err(e) => {
                return Row {
                    case,
                    rows,
                    features: 0,
                    outcome: Outcome::Skipped(format!("failed: {e}")),
                };
            }
        }
    }
    let first = &runs[0].0;
    let mut by_time: Vec<&(Measured, f64)> = runs.iter().collect();
    by_time.sort_by(|a, b| a.0.seconds.total_cmp(&b.0.seconds));
    let (median, wall) = by_time[by_time.len() / 2];
    Row {
        case,
        rows: first.rows,
        features: first.features,
        outcome: Outcome::Measured {
            repeats: runs.len(),
            seconds: median.seconds,
            cpu_seconds: median.cpu_seconds,
            data_kb: runs.iter().map(|r| r.0.data_kb).max().unwrap_or(0),
            peak_kb: runs.iter().map(|r| r.0.peak_kb).max().unwrap_or(0),
            note: first.note.clone(),
            wall: *wall,
        },
    }
}

pub(crate) fn repeats(rows: usize) -> usize {
    if rows >= 1_000_000 { 1 } else { 3 }
}

/// `n ln n` from `small` to `large` rows.
pub(crate) fn growth(small: usize, large: usize) -> f64 {
    let f = |n: usize| n as f64 * (n as f64).ln();
    f(large) / f(small)
}

pub(crate) fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let threads = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {threads} hardware threads")
}

pub(crate) fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

pub(crate) fn print_table(rows: &[Row], opts: &Options, total: f64) {
    println!();
    println!("Machine: {}; whole run {total:.0} s.", machine());
    println!();
    println!("| algorithm | rows | features | fit seconds | peak MB (+ during fit) | notes |");
    println!("|---|---:|---:|---:|---:|---|");
    for r in rows {
        match &r.outcome {
            Outcome::Measured {
                repeats,
                seconds,
                cpu_seconds,
                data_kb,
                peak_kb,
                note,
                ..
            } => {
                let timing = if *repeats > 1 {
                    format!("median of {repeats}")
                } else {
                    "1 run".to_string()
                };
                println!(
                    "| {} | {} | {} | {seconds:.3} | {:.0} (+{:.0}) | {timing}, CPU {cpu_seconds:.1} s; {note} |",
                    r.case.name,
                    r.rows,
                    r.features,
                    mb(*peak_kb),
                    mb(peak_kb.saturating_sub(*data_kb)),
                );
            }
            Outcome::Skipped(why) => {
                let features = if r.features > 0 {
                    r.features.to_string()
                } else {
                    "–".into()
                };
                println!(
                    "| {} | {} | {features} | – | – | {why} |",
                    r.case.name, r.rows
                );
            }
        }
    }
    println!();
    println!(
        "Fit seconds: wall clock of the library call alone (data generation and scoring not timed). \
         Peak MB: VmHWM of a fresh process after the fit, which includes the generated data and the \
         {:.0}% held-out rows; in brackets the rise during the fit. CPU: user + system seconds of the \
         fit (CPU ≈ wall means one thread). Projections scale the previous size's time by n·ln n; \
         limits: {:.0} s per fit, {:.0} s for the whole run.",
        TEST_SHARE * 100.0,
        opts.max_fit,
        opts.budget
    );
    println!();
    for c in CASES {
        if rows.iter().any(|r| std::ptr::eq(r.case, c)) {
            println!("- {}: {}", c.name, (c.settings)());
        }
    }
}
