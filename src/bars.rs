//! Progress bars (indicatif) for long library steps, drawn on stderr only when it is a terminal.

use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Draws one bar (or spinner) per step the library reports.
pub struct Bars {
    quiet: bool,
    current: Mutex<Option<ProgressBar>>,
}

impl Bars {
    pub fn new(quiet: bool) -> Self {
        Bars {
            quiet,
            current: Mutex::new(None),
        }
    }
}

impl algoreg::progress::Progress for Bars {
    fn begin(&self, what: &str, total: Option<u64>) {
        if self.quiet {
            return;
        }
        let bar = match total {
            Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr())
                .with_style(
                    ProgressStyle::with_template("{msg:>28} [{bar:30}] {pos}/{len} {elapsed}")
                        .expect("a valid template")
                        .progress_chars("=> "),
                ),
            None => {
                let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                b.set_style(
                    ProgressStyle::with_template("{msg:>28} {spinner} {elapsed}")
                        .expect("a valid template"),
                );
                b.enable_steady_tick(std::time::Duration::from_millis(120));
                b
            }
        };
        bar.set_message(what.to_string());
        *self.current.lock().expect("no panic while drawing") = Some(bar);
    }

    fn advance(&self) {
        if let Some(b) = self
            .current
            .lock()
            .expect("no panic while drawing")
            .as_ref()
        {
            b.inc(1);
        }
    }

    fn begin_bytes(&self, what: &str, total: u64) {
        if self.quiet {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
            .with_style(
                ProgressStyle::with_template(
                    "{msg:>12} [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {prefix} {elapsed}",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            );
        bar.set_message(what.to_string());
        *self.current.lock().expect("no panic while drawing") = Some(bar);
    }

    fn advance_bytes(&self, bytes: u64, rows: u64) {
        if let Some(b) = self
            .current
            .lock()
            .expect("no panic while drawing")
            .as_ref()
        {
            b.inc(bytes);
            let seconds = b.elapsed().as_secs_f64().max(1e-3);
            b.set_prefix(format!(
                "{rows} rows, {:.1} M rows/s",
                rows as f64 / seconds / 1e6
            ));
        }
    }

    fn end(&self) {
        if let Some(b) = self.current.lock().expect("no panic while drawing").take() {
            b.finish_and_clear();
        }
    }
}
