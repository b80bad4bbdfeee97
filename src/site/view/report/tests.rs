//! Every test of an audit record in one list, for the audit report: which part of the audit, what
//! was compared, the raw p-value, the p-value after that part's correction, and the verdict; and per
//! correction family how many tests it holds and how many pass before and after correction.
//!
//! A row about a group with fewer rows than the page's threshold is left out (public edition); the
//! committee edition passes a threshold of 0 and shows every row.

use tera::Value;

use crate::format::{self, Lang};
use crate::record::AuditRecord;
use crate::record::sampling::Judgement;
use crate::record::subgroup::Verdict;
use crate::site::view::cell::Obj;
use crate::site::view::frame::word;

/// One tested comparison.
struct Test {
    family: Family,
    subject: String,
    p: Option<f64>,
    p_adjusted: Option<f64>,
    verdict: Verdict,
    reason: String,
}

/// The correction families of an audit: each corrects over its own tests.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Subgroup,
    Sampling,
    SpuriousAssociation,
    SpuriousOther,
}

impl Family {
    const ALL: [Family; 4] = [
        Family::Subgroup,
        Family::Sampling,
        Family::SpuriousAssociation,
        Family::SpuriousOther,
    ];

    fn key(self) -> &'static str {
        match self {
            Family::Subgroup => "rp_family_subgroup",
            Family::Sampling => "rp_family_sampling",
            Family::SpuriousAssociation => "rp_family_association",
            Family::SpuriousOther => "rp_family_spurious",
        }
    }
}

fn judged(
    family: Family,
    subject: String,
    j: &Judgement,
    rows: Option<u64>,
    min_rows: u64,
) -> Option<Test> {
    if rows.is_some_and(|n| n > 0 && n < min_rows) {
        return None;
    }
    Some(Test {
        family,
        subject,
        p: j.p_value,
        p_adjusted: j.p_adjusted,
        verdict: j.verdict,
        reason: j.reason.clone(),
    })
}

/// Every test of the record whose group has at least `min_rows` rows (or names no group).
fn collect(rec: &AuditRecord, min_rows: u64) -> Vec<Test> {
    let mut out = Vec::new();
    for a in &rec.subgroup.attributes {
        for g in a.groups.iter().filter(|g| g.n >= min_rows) {
            for m in &g.metrics {
                if let Some(c) = &m.comparison
                    && c.p_beyond_band.is_some()
                {
                    out.push(Test {
                        family: Family::Subgroup,
                        subject: format!("{} = {} · {}", a.attribute, g.group, m.metric.as_str()),
                        p: c.p_beyond_band,
                        p_adjusted: c.p_adjusted,
                        verdict: c.verdict,
                        reason: c.reason.clone(),
                    });
                }
            }
        }
    }
    let s = &rec.sampling;
    for a in &s.label_selection.attributes {
        for g in &a.groups {
            if let Some(j) = &g.judgement {
                let subject = format!("{} = {} · labelled share", a.attribute, g.group);
                out.extend(judged(Family::Sampling, subject, j, Some(g.rows), min_rows));
            }
        }
    }
    for a in &s.representativeness {
        for g in &a.groups {
            let subject = format!("{} = {} · data/population share", a.attribute, g.group);
            out.extend(judged(
                Family::Sampling,
                subject,
                &g.judgement,
                Some(g.rows),
                min_rows,
            ));
        }
    }
    if let Some(r) = &s.reporting {
        for g in &r.groups {
            if let Some(j) = &g.judgement {
                let subject = format!("{} = {} · reporting rate", r.attribute, g.group);
                out.extend(judged(Family::Sampling, subject, j, Some(g.rows), min_rows));
            }
        }
    }
    if let Some(d) = &s.drift {
        for f in &d.features {
            let subject = format!("{} · drift ({})", f.feature, f.test);
            out.extend(judged(
                Family::Sampling,
                subject,
                &f.judgement,
                None,
                min_rows,
            ));
        }
    }
    let sp = &rec.spurious;
    for a in &sp.associations {
        let subject = format!("{} · association", a.feature);
        out.extend(judged(
            Family::SpuriousAssociation,
            subject,
            &a.judgement,
            Some(a.rows),
            min_rows,
        ));
    }
    for l in &sp.leakage {
        let subject = format!("{} · leak ({})", l.feature, l.detail);
        out.extend(judged(
            Family::SpuriousOther,
            subject,
            &l.judgement,
            None,
            min_rows,
        ));
    }
    for t in &sp.trends {
        let subject = format!("{} · trend", t.feature);
        out.extend(judged(
            Family::SpuriousOther,
            subject,
            &t.judgement,
            Some(t.overall.n),
            min_rows,
        ));
    }
    for st in &sp.stability {
        let smallest = st.strata.iter().map(|x| x.rows).filter(|&n| n > 0).min();
        let subject = format!("{} · stability by {}", st.feature, st.by);
        out.extend(judged(
            Family::SpuriousOther,
            subject,
            &st.judgement,
            smallest,
            min_rows,
        ));
    }
    for p in &sp.proxies {
        for f in &p.features {
            let subject = format!("{} · proxy of {}", f.feature, p.attribute);
            out.extend(judged(
                Family::SpuriousOther,
                subject,
                &f.judgement,
                Some(f.rows),
                min_rows,
            ));
        }
    }
    out
}

fn p_text(p: Option<f64>, lang: Lang) -> String {
    match p {
        Some(p) if p.is_finite() => format::p_value(p, lang),
        _ => "—".to_string(),
    }
}

fn verdict_word(v: Verdict, lang: Lang) -> &'static str {
    let key = match v {
        Verdict::Flagged => "rp_v_flagged",
        Verdict::WithinBand => "rp_v_within",
        Verdict::Uncertain => "rp_v_chance",
        Verdict::TooFewRows => "rp_v_few",
        Verdict::Undefined => "rp_v_undefined",
        Verdict::NotJudged => "rp_v_not_judged",
    };
    word(key, lang)
}

/// The list of every test and the per-family summary, for `templates/report.html`.
pub fn tests_view(rec: &AuditRecord, lang: Lang, min_rows: u64) -> (Vec<Value>, Vec<Value>) {
    let tests = collect(rec, min_rows);
    let alpha = rec.policy.alpha;
    let families = Family::ALL
        .iter()
        .filter_map(|&fam| {
            let members: Vec<&Test> = tests.iter().filter(|t| t.family == fam).collect();
            if members.is_empty() {
                return None;
            }
            let raw = members.iter().filter(|t| t.p.is_some_and(|p| p < alpha));
            let adjusted = members
                .iter()
                .filter(|t| t.p_adjusted.is_some_and(|p| p < alpha));
            let correction = if fam == Family::SpuriousAssociation {
                rec.policy.association_correction
            } else {
                rec.policy.correction
            };
            Some(Value::from(
                Obj::new()
                    .set("name", word(fam.key(), lang))
                    .set("correction", correction.as_str())
                    .set("tests", format::count(members.len() as u64, lang))
                    .set("raw", format::count(raw.count() as u64, lang))
                    .set("adjusted", format::count(adjusted.count() as u64, lang)),
            ))
        })
        .collect();
    let rows = tests
        .iter()
        .map(|t| {
            Value::from(
                Obj::new()
                    .set("family", word(t.family.key(), lang))
                    .set("subject", t.subject.as_str())
                    .set("p", p_text(t.p, lang))
                    .set("p_adjusted", p_text(t.p_adjusted, lang))
                    .set("verdict", verdict_word(t.verdict, lang))
                    .set("flagged", t.verdict == Verdict::Flagged)
                    .set("reason", t.reason.as_str()),
            )
        })
        .collect();
    (families, rows)
}
