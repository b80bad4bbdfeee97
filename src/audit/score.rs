//! Score-model metrics per group: AUC with its DeLong interval, and calibration (observed vs mean
//! score per bin, expected calibration error, observed/expected ratio), on the labelled rows.
//!
//! A group's labelled rows are folded into a [`ScoreTable`]: per distinct score, the number of cases
//! (label 1) and non-cases. Every statistic here is a function of that table with weights, so the
//! point estimate (weights = counts) and each Poisson-bootstrap replicate (weights = Poisson(count))
//! share one code path.

/// Equal-width calibration bins over [0, 1].
pub const CALIBRATION_BINS: usize = 10;

/// Most distinct scores a table keeps exactly. A table with more (only on large data: a group needs
/// more than 65,536 labelled rows with different scores) groups its scores on a dyadic grid, so memory
/// does not grow with the rows.
pub const SCORE_TABLE_CAP: usize = 65_536;

/// Most entries a bootstrap replicate reweights: a larger table is resampled on a grid of at most
/// this many cells ([`ScoreTable::for_bootstrap`]), so bootstrap time does not grow with the rows.
pub const BOOTSTRAP_TABLE_CAP: usize = 1024;

/// The finest grid a table moves to when it passes its cap: steps of 2⁻¹⁶.
const FINEST_GRID: i32 = 16;

/// Per distinct score (ascending): `(score, cases, non-cases)` of a group's labelled rows.
///
/// `grid: Some(e)` means the scores were grouped into cells `[k·2⁻ᵉ, (k+1)·2⁻ᵉ)` and each entry holds
/// one cell, with the cell's midpoint as its score. The grid is the finest of 2⁻¹², 2⁻¹¹, … that
/// leaves at most [`SCORE_TABLE_CAP`] cells; the cells of a coarser grid are unions of the finer
/// one's (`⌊⌊s·2ᵉ⌋/2⌋ = ⌊s·2ᵉ⁻¹⌋`), so the table does not depend on the order rows arrive in or how
/// they were split into chunks: the streamed and the in-memory audit get the same table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreTable {
    pub entries: Vec<(f64, u64, u64)>,
    pub grid: Option<i32>,
}

impl ScoreTable {
    /// Builds the table from `(score, label)` pairs.
    pub fn from_pairs(mut pairs: Vec<(f64, bool)>) -> Self {
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut entries: Vec<(f64, u64, u64)> = Vec::new();
        for (s, y) in pairs {
            let s = s + 0.0; // −0 and 0 are one score
            match entries.last_mut() {
                Some(last) if last.0 == s => {
                    if y {
                        last.1 += 1
                    } else {
                        last.2 += 1
                    }
                }
                _ => entries.push((s, u64::from(y), u64::from(!y))),
            }
        }
        let mut table = ScoreTable {
            entries,
            grid: None,
        };
        table.fit();
        table
    }

    /// Labelled rows.
    pub fn rows(&self) -> u64 {
        self.entries.iter().map(|e| e.1 + e.2).sum()
    }

    /// Adds `other`'s rows: both tables move to the coarser of their grids, equal scores (cells) are
    /// summed, and the result moves to a coarser grid while it holds more than the cap.
    pub fn merge(&mut self, other: &ScoreTable) {
        // Scores are finite and −0 is stored as 0, so equal in `total_cmp` means equal.
        crate::audit::merge_on_grid(
            (&mut self.entries, &mut self.grid),
            (&other.entries, other.grid),
            regrid,
            |x, y| x.0.total_cmp(&y.0),
            |x, y| (x.0, x.1 + y.1, x.2 + y.2),
        );
        self.fit();
    }

    /// The table the bootstrap reweights: this one, or with more than [`BOOTSTRAP_TABLE_CAP`]
    /// entries, this one on the finest grid that leaves at most that many cells. Point estimates and
    /// DeLong intervals always use the table itself.
    pub fn for_bootstrap(&self) -> std::borrow::Cow<'_, ScoreTable> {
        if self.entries.len() <= BOOTSTRAP_TABLE_CAP {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut t = self.clone();
        t.fit_to(BOOTSTRAP_TABLE_CAP);
        std::borrow::Cow::Owned(t)
    }

    /// Moves to coarser grids until the table holds at most [`SCORE_TABLE_CAP`] entries.
    fn fit(&mut self) {
        self.fit_to(SCORE_TABLE_CAP);
    }

    fn fit_to(&mut self, cap: usize) {
        while self.entries.len() > cap {
            let e = self.grid.map_or(FINEST_GRID, |e| e - 1);
            regrid(&mut self.entries, e);
            self.grid = Some(e);
        }
    }

    /// The share of (case, non-case) pairs that share an entry: `T = Σ_s p(s)·n(s) / (P·N)`. On a
    /// grid, the exact AUC of the rows lies within `±T/2` of the table's (a pair inside one cell counts
    /// ½ where its exact order counts 0 or 1). `None` without cases or non-cases.
    pub fn tied_pair_share(&self) -> Option<f64> {
        let p: u64 = self.entries.iter().map(|e| e.1).sum();
        let n: u64 = self.entries.iter().map(|e| e.2).sum();
        if p == 0 || n == 0 {
            return None;
        }
        let tied: f64 = self.entries.iter().map(|e| e.1 as f64 * e.2 as f64).sum();
        Some(tied / (p as f64 * n as f64))
    }
}

/// Groups sorted entries into the cells of step `2⁻ᵉ`, each at its midpoint. An entry that is
/// already a cell's midpoint of a finer grid falls in the coarser cell containing it.
fn regrid(entries: &mut Vec<(f64, u64, u64)>, e: i32) {
    let scale = 2f64.powi(e);
    let mut out: Vec<(f64, u64, u64)> = Vec::with_capacity(entries.len());
    let mut last_key = f64::NAN;
    for &(s, p, n) in entries.iter() {
        let key = (s * scale).floor();
        match out.last_mut() {
            Some(cell) if key == last_key => {
                cell.1 += p;
                cell.2 += n;
            }
            _ => {
                out.push(((key + 0.5) / scale, p, n));
                last_key = key;
            }
        }
    }
    *entries = out;
}

/// The bin of a score in [0, 1]: `min(floor(10·s), 9)`.
pub fn bin_of(score: f64) -> usize {
    ((score * CALIBRATION_BINS as f64).floor() as usize).min(CALIBRATION_BINS - 1)
}

/// Weighted sums of one calibration bin.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BinSums {
    pub weight: f64,
    pub positives: f64,
    pub score_sum: f64,
}

/// Every score statistic of one (possibly reweighted) table. `Err` holds why a value is undefined.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreSummary {
    pub auc: Result<f64, &'static str>,
    pub mean_score: Result<f64, &'static str>,
    pub observed_rate: Result<f64, &'static str>,
    pub oe_ratio: Result<f64, &'static str>,
    pub ece: Result<f64, &'static str>,
    /// `None` when scores lie outside [0, 1].
    pub bins: Option<[BinSums; CALIBRATION_BINS]>,
}

const NO_ROWS: &str = "no labelled rows in this group";
const NO_CASES: &str = "no cases (label 1) among the labelled rows";
const NO_NON_CASES: &str = "no non-cases (label 0) among the labelled rows";
const NOT_PROBABILITIES: &str =
    "scores outside 0–1 are not probabilities, so calibration is not defined";
const ZERO_MEAN_SCORE: &str = "the mean score is 0";

/// Weighted sums of a table under one or more sets of weights ("lanes": the point estimate, or one
/// lane per bootstrap replicate), from which [`ReplicateSums::summary`] computes every statistic.
///
/// - AUC (Mann–Whitney form, ties ½; Hanley & McNeil 1982, Radiology 143(1)):
///   `Σ_s w⁺(s)·(W⁻(< s) + ½·w⁻(s)) / (W⁺·W⁻)`.
/// - Calibration (Naeini, Cooper & Hauskrecht 2015, AAAI; Guo et al. 2017, ICML): bin `b` holds
///   scores in `[b/10, (b+1)/10)` (the last bin includes 1); `ECE = Σ_b (W_b/W)·|ō_b − s̄_b|`
///   `= (1/W)·Σ_b |P_b − S_b|` with `P_b` the weighted cases and `S_b` the weighted score sum of bin b.
/// - O/E ratio = observed rate / mean score (calibration in the large).
///
/// Entries are added in ascending score order, each with its weights in every lane at once; the
/// sums are kept lane by lane in separate arrays, so adding an entry is a loop over lanes the
/// compiler can vectorise, and a bootstrap can draw all replicates' weights of one entry together.
#[derive(Debug, Clone)]
pub struct ReplicateSums {
    lanes: usize,
    w_pos: Vec<f64>,
    w_neg: Vec<f64>,
    /// Σ w⁺(s)·(W⁻ below s + ½ w⁻(s)).
    pairs: Vec<f64>,
    score_sum: Vec<f64>,
    /// Per calibration bin `b`, lanes `b·lanes ..`: weight, cases, score sum.
    bin_weight: Vec<f64>,
    bin_positives: Vec<f64>,
    bin_score_sum: Vec<f64>,
}

impl ReplicateSums {
    pub fn new(lanes: usize) -> Self {
        let zeros = vec![0.0; lanes];
        let bins = vec![0.0; lanes * CALIBRATION_BINS];
        ReplicateSums {
            lanes,
            w_pos: zeros.clone(),
            w_neg: zeros.clone(),
            pairs: zeros.clone(),
            score_sum: zeros,
            bin_weight: bins.clone(),
            bin_positives: bins.clone(),
            bin_score_sum: bins,
        }
    }

    /// Adds the entry with score `s` in calibration bin `bin`, weighted `p[lane]` (cases) and
    /// `n[lane]` (non-cases). Entries must come in ascending score order.
    pub fn add(&mut self, s: f64, bin: usize, p: &[f64], n: &[f64]) {
        let lanes = self.lanes;
        let range = bin * lanes..(bin + 1) * lanes;
        let (bw, bp, bs) = (
            &mut self.bin_weight[range.clone()],
            &mut self.bin_positives[range.clone()],
            &mut self.bin_score_sum[range],
        );
        let lanes = self
            .w_pos
            .iter_mut()
            .zip(self.w_neg.iter_mut())
            .zip(self.pairs.iter_mut())
            .zip(self.score_sum.iter_mut())
            .zip(bw.iter_mut().zip(bp.iter_mut()).zip(bs.iter_mut()))
            .zip(p.iter().zip(n));
        for (((((w_pos, w_neg), pairs), score_sum), ((bw, bp), bs)), (&p, &n)) in lanes {
            *pairs += p * (*w_neg + 0.5 * n);
            *w_pos += p;
            *w_neg += n;
            *score_sum += s * (p + n);
            *bw += p + n;
            *bp += p;
            *bs += s * (p + n);
        }
    }

    /// Every statistic of lane `lane`; calibration only when `probabilities`.
    pub fn summary(&self, lane: usize, probabilities: bool) -> ScoreSummary {
        let (w_pos, w_neg) = (self.w_pos[lane], self.w_neg[lane]);
        let (pairs, score_sum) = (self.pairs[lane], self.score_sum[lane]);
        let bins: [BinSums; CALIBRATION_BINS] = std::array::from_fn(|b| BinSums {
            weight: self.bin_weight[b * self.lanes + lane],
            positives: self.bin_positives[b * self.lanes + lane],
            score_sum: self.bin_score_sum[b * self.lanes + lane],
        });
        let w = w_pos + w_neg;
        let auc = if w == 0.0 {
            Err(NO_ROWS)
        } else if w_pos == 0.0 {
            Err(NO_CASES)
        } else if w_neg == 0.0 {
            Err(NO_NON_CASES)
        } else {
            Ok(pairs / (w_pos * w_neg))
        };
        let mean_score = if w > 0.0 {
            Ok(score_sum / w)
        } else {
            Err(NO_ROWS)
        };
        let observed_rate = if w > 0.0 { Ok(w_pos / w) } else { Err(NO_ROWS) };
        let oe_ratio = match (observed_rate, mean_score) {
            (Ok(_), Ok(0.0)) => Err(ZERO_MEAN_SCORE),
            (Ok(o), Ok(m)) => Ok(o / m),
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        let ece = if !probabilities {
            Err(NOT_PROBABILITIES)
        } else if w == 0.0 {
            Err(NO_ROWS)
        } else {
            Ok(bins
                .iter()
                .map(|b| (b.positives - b.score_sum).abs())
                .sum::<f64>()
                / w)
        };
        ScoreSummary {
            auc,
            mean_score,
            observed_rate,
            oe_ratio,
            ece,
            bins: probabilities.then_some(bins),
        }
    }
}

/// The summary of the table as observed (weights = counts).
pub fn observed(table: &ScoreTable, probabilities: bool) -> ScoreSummary {
    let mut sums = ReplicateSums::new(1);
    for &(s, p, n) in &table.entries {
        sums.add(s, bin_of(s), &[p as f64], &[n as f64]);
    }
    sums.summary(0, probabilities)
}

/// DeLong's standard error of the AUC (DeLong, DeLong & Clarke-Pearson 1988, Biometrics 44(3)):
/// `Var = S₁₀/m + S₀₁/n`, where `V₁₀(case) = (non-cases below + ½ tied)/n`,
/// `V₀₁(non-case) = (cases above + ½ tied)/m`, and `S₁₀`, `S₀₁` are their sample variances
/// (divisor m−1 and n−1). `None` with fewer than two cases or two non-cases.
pub fn delong_se(table: &ScoreTable) -> Option<f64> {
    let m: u64 = table.entries.iter().map(|e| e.1).sum();
    let n: u64 = table.entries.iter().map(|e| e.2).sum();
    if m < 2 || n < 2 {
        return None;
    }
    let (mf, nf) = (m as f64, n as f64);
    let auc = observed(table, false).auc.ok()?;
    let (mut neg_below, mut pos_below) = (0u64, 0u64);
    let (mut s10, mut s01) = (0.0, 0.0);
    for &(_, p, q) in &table.entries {
        let v10 = (neg_below as f64 + 0.5 * q as f64) / nf;
        let pos_above = m - pos_below - p;
        let v01 = (pos_above as f64 + 0.5 * p as f64) / mf;
        s10 += p as f64 * (v10 - auc).powi(2);
        s01 += q as f64 * (v01 - auc).powi(2);
        neg_below += q;
        pos_below += p;
    }
    let var = s10 / (mf - 1.0) / mf + s01 / (nf - 1.0) / nf;
    Some(var.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    /// Cases [0.9, 0.8, 0.4], non-cases [0.7, 0.3, 0.4]: of 9 pairs, the case wins 7 and ties 1,
    /// so AUC = 7.5/9. DeLong by hand: V₁₀ = (1, 1, 0.5), V₀₁ = (2/3, 1, 0.5)·… see below.
    #[test]
    fn auc_and_delong_by_hand() {
        let t = ScoreTable::from_pairs(vec![
            (0.9, true),
            (0.8, true),
            (0.4, true),
            (0.7, false),
            (0.3, false),
            (0.4, false),
        ]);
        let auc = observed(&t, true).auc.unwrap();
        assert_abs_diff_eq!(auc, 7.5 / 9.0, epsilon = 1e-15);
        // V10: case 0.9 beats 3 → 1; 0.8 beats 3 → 1; 0.4 beats 0.3, ties 0.4 → 1.5/3 = 0.5.
        // V01: non-case 0.7 loses to 0.9, 0.8 → 2/3; 0.3 loses to all → 1; 0.4 loses to 2, ties 1 → 2.5/3.
        let a = 7.5 / 9.0;
        let v10 = [1.0, 1.0, 0.5];
        let v01 = [2.0 / 3.0, 1.0, 2.5 / 3.0];
        let s10: f64 = v10.iter().map(|v| (v - a) * (v - a)).sum::<f64>() / 2.0;
        let s01: f64 = v01.iter().map(|v| (v - a) * (v - a)).sum::<f64>() / 2.0;
        let want = (s10 / 3.0 + s01 / 3.0).sqrt();
        assert_abs_diff_eq!(delong_se(&t).unwrap(), want, epsilon = 1e-15);
    }

    #[test]
    fn calibration_by_hand() {
        // Bin 0: scores 0.05 (case), 0.05 (non-case): observed 0.5, mean 0.05.
        // Bin 9: score 1.0 (case) and 0.95 (case): observed 1, mean 0.975.
        let t =
            ScoreTable::from_pairs(vec![(0.05, true), (0.05, false), (1.0, true), (0.95, true)]);
        let s = observed(&t, true);
        let ece = 0.5 * (0.5_f64 - 0.05).abs() + 0.5 * (1.0_f64 - 0.975).abs();
        assert_abs_diff_eq!(s.ece.unwrap(), ece, epsilon = 1e-15);
        assert_abs_diff_eq!(s.observed_rate.unwrap(), 0.75, epsilon = 1e-15);
        assert_abs_diff_eq!(s.mean_score.unwrap(), 2.05 / 4.0, epsilon = 1e-15);
        assert_eq!(bin_of(1.0), 9);
        assert_eq!(bin_of(0.0), 0);
        assert_eq!(bin_of(0.1), 1);
    }

    /// A deterministic spread of 200,000 labelled scores with about 150,000 distinct values.
    fn many_scores() -> Vec<(f64, bool)> {
        let mut x: u64 = 99;
        (0..200_000)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let u = (x >> 11) as f64 / (1u64 << 53) as f64;
                let s = (u * 150_000.0).floor() / 150_000.0;
                let y = ((x >> 7) % 1000) as f64 / 1000.0 < s;
                (s, y)
            })
            .collect()
    }

    /// The exact Mann–Whitney AUC by counting pairs (sorted sweep), independent of the table code.
    fn exact_auc(pairs: &[(f64, bool)]) -> f64 {
        let mut v = pairs.to_vec();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (mut neg_below, mut wins, mut i) = (0.0, 0.0, 0);
        let (pos, neg) = (
            v.iter().filter(|p| p.1).count() as f64,
            v.iter().filter(|p| !p.1).count() as f64,
        );
        while i < v.len() {
            let mut j = i;
            while j < v.len() && v[j].0 == v[i].0 {
                j += 1;
            }
            let (p, n) =
                v[i..j].iter().fold(
                    (0.0, 0.0),
                    |(p, n), e| {
                        if e.1 { (p + 1.0, n) } else { (p, n + 1.0) }
                    },
                );
            wins += p * (neg_below + 0.5 * n);
            neg_below += n;
            i = j;
        }
        wins / (pos * neg)
    }

    #[test]
    fn a_gridded_table_stays_within_its_tie_bound_of_the_exact_auc() {
        let pairs = many_scores();
        let t = ScoreTable::from_pairs(pairs.clone());
        assert_eq!(
            t.grid,
            Some(FINEST_GRID),
            "150,000 distinct scores need the 2^-16 grid"
        );
        assert!(t.entries.len() <= SCORE_TABLE_CAP);
        assert_eq!(t.rows(), 200_000);
        let exact = exact_auc(&pairs);
        let gridded = observed(&t, true).auc.unwrap();
        let bound = t.tied_pair_share().unwrap() / 2.0;
        assert!(bound > 0.0 && bound < 1e-4, "bound {bound}");
        assert!(
            (gridded - exact).abs() <= bound,
            "{gridded} vs {exact} ± {bound}"
        );
        // The bootstrap's copy is coarser and within its own bound too.
        let boot = t.for_bootstrap();
        assert!(boot.entries.len() <= BOOTSTRAP_TABLE_CAP);
        let b = observed(&boot, true).auc.unwrap();
        assert!((b - exact).abs() <= boot.tied_pair_share().unwrap() / 2.0);
    }

    #[test]
    fn merging_in_any_split_and_order_gives_the_same_table() {
        let pairs = many_scores();
        let whole = ScoreTable::from_pairs(pairs.clone());
        for parts in [2usize, 7, 50] {
            let size = pairs.len().div_ceil(parts);
            let mut tables: Vec<ScoreTable> = pairs
                .chunks(size)
                .map(|c| ScoreTable::from_pairs(c.to_vec()))
                .collect();
            tables.reverse();
            let mut merged = ScoreTable::default();
            for t in &tables {
                merged.merge(t);
            }
            assert_eq!(merged, whole, "{parts} parts");
        }
    }

    #[test]
    fn undefined_values_say_why() {
        let t = ScoreTable::from_pairs(vec![(0.2, false), (0.3, false)]);
        let s = observed(&t, true);
        assert_eq!(s.auc, Err(NO_CASES));
        assert_eq!(observed(&t, false).ece, Err(NOT_PROBABILITIES));
        assert_eq!(delong_se(&t), None);
    }
}
