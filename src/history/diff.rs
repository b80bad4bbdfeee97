//! What changed between two consecutive versions of an entry's audit record, and between the manifests
//! that produced them when both were kept: the input files whose hash changed, the policy settings, the
//! register texts and the manifest's other tables, the findings added and removed, the overall verdict,
//! and the groups whose flagged state changed. Pure: the register reads the versions, and the site
//! decides which of these a public page may show (findings about small groups never).
//!
//! Policy settings and register fields are compared through their serialized form, field by field, so a
//! setting or field added to the record or manifest later is compared without a change here.

use serde_json::Value;

use crate::manifest::Manifest;
use crate::record::{AuditRecord, Finding, OverallVerdict};

/// Everything that differs between an earlier and a later version.
#[derive(Debug, Clone, PartialEq)]
pub struct Changes<'a> {
    /// The algoreg version that wrote each record, when it differs.
    pub tool: Option<(&'a str, &'a str)>,
    /// Input files (manifest, data and reference files, policy) whose SHA-256 differs, in the later
    /// record's order, then those the later audit no longer read.
    pub inputs: Vec<InputChange<'a>>,
    /// Policy settings the audit applied, by their name in the record (and in `policy.toml`).
    pub policy: Vec<SettingChange>,
    /// Register fields (`[register]`, `[register.nl]`, `[register.en]`); `None` when a manifest was not
    /// kept, so they could not be compared.
    pub texts: Option<Vec<TextChange>>,
    /// The manifest's other top-level keys whose value changed (`data`, `sampling`, `spurious`,
    /// `model`, …); `None` as for `texts`.
    pub tables: Option<Vec<String>>,
    /// Findings of the later version with no finding on the same measure of the same group before.
    pub added: Vec<&'a Finding>,
    /// Findings of the earlier version with none on the same measure of the same group after.
    pub removed: Vec<&'a Finding>,
    /// The overall verdict before and after.
    pub verdict: (&'a OverallVerdict, &'a OverallVerdict),
    /// Groups flagged in one version and not in the other.
    pub flags: Vec<FlagChange<'a>>,
}

/// An input file whose SHA-256 differs (`None`: not read by that version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputChange<'a> {
    pub path: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// A policy setting's value, as the record holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Setting {
    Absent,
    Whole(u64),
    Number(f64),
    Text(String),
    List(Vec<Setting>),
}

/// A policy setting that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingChange {
    pub name: String,
    pub before: Setting,
    pub after: Setting,
}

/// A register field that changed; `lang` is `nl` or `en` for the texts, `None` for the fields that do
/// not depend on the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextChange {
    pub field: String,
    pub lang: Option<&'static str>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A group (of an audit and attribute) flagged in one version and not in the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagChange<'a> {
    pub audit: &'a str,
    pub attribute: &'a str,
    pub group: &'a str,
    pub before: bool,
    pub after: bool,
}

/// What changed from `before` to `after`; the manifests are compared when both were kept.
pub fn changes<'a>(
    before: &'a AuditRecord,
    after: &'a AuditRecord,
    manifests: Option<(&Manifest, &Manifest)>,
) -> Changes<'a> {
    let tool = (before.tool.version != after.tool.version)
        .then_some((before.tool.version.as_str(), after.tool.version.as_str()));
    let (texts, tables) = match manifests {
        Some((b, a)) => (Some(register_changes(b, a)), Some(table_changes(b, a))),
        None => (None, None),
    };
    Changes {
        tool,
        inputs: input_changes(before, after),
        policy: setting_changes(&json(&before.policy), &json(&after.policy)),
        texts,
        tables,
        added: unmatched(&after.findings, &before.findings),
        removed: unmatched(&before.findings, &after.findings),
        verdict: (&before.verdict, &after.verdict),
        flags: flag_changes(&before.findings, &after.findings),
    }
}

impl Changes<'_> {
    /// Nothing at all differs but, possibly, the overall verdict.
    pub fn is_empty(&self) -> bool {
        self.tool.is_none()
            && self.inputs.is_empty()
            && self.policy.is_empty()
            && self.texts.as_ref().is_none_or(Vec::is_empty)
            && self.tables.as_ref().is_none_or(Vec::is_empty)
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.flags.is_empty()
    }
}

fn input_changes<'a>(before: &'a AuditRecord, after: &'a AuditRecord) -> Vec<InputChange<'a>> {
    let files = |r: &'a AuditRecord| -> Vec<(&'a str, &'a str)> {
        r.inputs
            .manifest
            .iter()
            .chain(&r.inputs.data)
            .chain(std::iter::once(&r.inputs.policy))
            .map(|f| (f.path.as_str(), f.sha256.as_str()))
            .collect()
    };
    let (old, new) = (files(before), files(after));
    let find = |list: &[(&'a str, &'a str)], path: &str| {
        list.iter().find(|(p, _)| *p == path).map(|(_, h)| *h)
    };
    let mut out: Vec<InputChange> = new
        .iter()
        .filter_map(|&(path, hash)| {
            let was = find(&old, path);
            (was != Some(hash)).then_some(InputChange {
                path,
                before: was,
                after: Some(hash),
            })
        })
        .collect();
    out.extend(
        old.iter()
            .filter(|(path, _)| find(&new, path).is_none())
            .map(|&(path, hash)| InputChange {
                path,
                before: Some(hash),
                after: None,
            }),
    );
    out
}

fn setting(v: &Value) -> Setting {
    match v {
        Value::Null => Setting::Absent,
        Value::Number(n) => n
            .as_u64()
            .map(Setting::Whole)
            .unwrap_or_else(|| Setting::Number(n.as_f64().unwrap_or(f64::NAN))),
        Value::String(s) => Setting::Text(s.clone()),
        Value::Array(items) => Setting::List(items.iter().map(setting).collect()),
        other => Setting::Text(other.to_string()),
    }
}

/// The keys of two JSON objects, those of `a` first, each once.
fn keys<'v>(a: &'v Value, b: &'v Value) -> Vec<&'v String> {
    let mut out: Vec<&String> = Vec::new();
    for v in [a, b] {
        if let Some(map) = v.as_object() {
            for k in map.keys() {
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
    }
    out
}

fn setting_changes(before: &Value, after: &Value) -> Vec<SettingChange> {
    keys(before, after)
        .into_iter()
        .filter(|k| before[k.as_str()] != after[k.as_str()])
        .map(|k| SettingChange {
            name: k.clone(),
            before: setting(&before[k.as_str()]),
            after: setting(&after[k.as_str()]),
        })
        .collect()
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn register_changes(before: &Manifest, after: &Manifest) -> Vec<TextChange> {
    let (b, a) = (json(&before.register), json(&after.register));
    let mut out = Vec::new();
    let mut compare = |b: &Value, a: &Value, lang: Option<&'static str>| {
        for k in keys(b, a) {
            if matches!(k.as_str(), "nl" | "en") && lang.is_none() {
                continue;
            }
            let (old, new) = (text(&b[k.as_str()]), text(&a[k.as_str()]));
            if old != new {
                out.push(TextChange {
                    field: k.clone(),
                    lang,
                    before: old,
                    after: new,
                });
            }
        }
    };
    compare(&b, &a, None);
    compare(&b["nl"], &a["nl"], Some("nl"));
    compare(&b["en"], &a["en"], Some("en"));
    out
}

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The manifest's top-level keys other than `register` whose value differs (`data`, `model`, …).
fn table_changes(before: &Manifest, after: &Manifest) -> Vec<String> {
    let (b, a) = (json(before), json(after));
    keys(&b, &a)
        .into_iter()
        .filter(|k| k.as_str() != "register" && b[k.as_str()] != a[k.as_str()])
        .cloned()
        .collect()
}

/// Two findings are about the same thing: the same audit, attribute, group and measure.
fn same(a: &Finding, b: &Finding) -> bool {
    a.audit == b.audit && a.attribute == b.attribute && a.group == b.group && a.measure == b.measure
}

/// The findings of `these` with no counterpart in `others`.
fn unmatched<'a>(these: &'a [Finding], others: &[Finding]) -> Vec<&'a Finding> {
    these
        .iter()
        .filter(|f| !others.iter().any(|o| same(f, o)))
        .collect()
}

fn flag_changes<'a>(before: &'a [Finding], after: &'a [Finding]) -> Vec<FlagChange<'a>> {
    let key = |f: &'a Finding| (f.audit.as_str(), f.attribute.as_str(), f.group.as_str());
    let mut groups: Vec<(&str, &str, &str)> = Vec::new();
    for k in before.iter().chain(after).map(key) {
        if !groups.contains(&k) {
            groups.push(k);
        }
    }
    groups
        .into_iter()
        .filter_map(|k| {
            let was = before.iter().any(|f| key(f) == k);
            let is = after.iter().any(|f| key(f) == k);
            (was != is).then_some(FlagChange {
                audit: k.0,
                attribute: k.1,
                group: k.2,
                before: was,
                after: is,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Measure;
    use crate::record::SamplingMeasure;

    fn shipped() -> (AuditRecord, Manifest) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let path = root.join("audits/foundation-risk-zaandam/audit.json");
        let record =
            AuditRecord::from_json(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
        let path = root.join("models/foundation-risk-zaandam/model.toml");
        let manifest = Manifest::parse(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
        (record, manifest)
    }

    #[test]
    fn the_same_version_has_no_changes() {
        let (r, m) = shipped();
        let c = changes(&r, &r, Some((&m, &m)));
        assert!(c.is_empty(), "{c:?}");
        assert_eq!(c.texts, Some(Vec::new()));
    }

    #[test]
    fn inputs_policy_texts_and_findings_that_changed_are_named() {
        let (old, m_old) = shipped();
        let (mut new, mut m_new) = (old.clone(), m_old.clone());
        new.policy.alpha = 0.01;
        new.inputs.data[0].sha256 = "ab".repeat(32);
        new.inputs.data.pop();
        m_new
            .register
            .nl
            .goal
            .push_str(" Nu ook voor bedrijfspanden.");
        m_new.data.file = "other.csv".into();
        let gone = new.findings.remove(0);
        let mut added = new.findings[0].clone();
        added.attribute = "wijk".into();
        added.group = "Nieuwdorp".into();
        added.measure = Measure::Sampling(SamplingMeasure::Representation);
        new.findings.push(added);
        let c = changes(&old, &new, Some((&m_old, &m_new)));
        assert_eq!(c.inputs.len(), 2);
        assert_eq!(c.inputs[0].path, old.inputs.data[0].path);
        assert_eq!(c.inputs[0].after, Some("ab".repeat(32).as_str()));
        let last = old.inputs.data.last().unwrap();
        assert_eq!(
            c.inputs[1],
            InputChange {
                path: &last.path,
                before: Some(&last.sha256),
                after: None
            }
        );
        assert_eq!(
            c.policy,
            vec![SettingChange {
                name: "alpha".into(),
                before: Setting::Number(0.05),
                after: Setting::Number(0.01),
            }]
        );
        let texts = c.texts.as_ref().unwrap();
        assert_eq!(texts.len(), 1);
        assert_eq!(
            (texts[0].field.as_str(), texts[0].lang),
            ("goal", Some("nl"))
        );
        assert_eq!(c.tables, Some(vec!["data".to_string()]));
        assert_eq!(c.removed, vec![&gone]);
        assert_eq!(c.added.len(), 1);
        assert_eq!(c.added[0].group, "Nieuwdorp");
        // The group of the removed finding is still flagged when it has another finding.
        let still = old.findings[1..].iter().any(|f| {
            (f.audit.as_str(), f.attribute.as_str(), f.group.as_str())
                == (
                    gone.audit.as_str(),
                    gone.attribute.as_str(),
                    gone.group.as_str(),
                )
        });
        let expected = 1 + usize::from(!still);
        assert_eq!(c.flags.len(), expected, "{:?}", c.flags);
        assert!(
            c.flags
                .iter()
                .any(|f| f.group == "Nieuwdorp" && f.after && !f.before)
        );
        // Without both manifests the texts are not compared, not "unchanged".
        assert_eq!(changes(&old, &new, None).texts, None);
    }
}
