//! The entry page's section on the ethics committee's decision: the entry's state, the latest decision
//! with its date, members and roles, reasoning, conditions with due dates, dissenting opinions, the
//! re-review date, and the SHA-256 of the audit record it judged (and whether that is still the current
//! one). The register loads the history; this only formats it.

use tera::Value;

use super::cell::Obj;
use super::frame::{fill, word};
use crate::format::Lang;
use crate::history::State;
use crate::record::history::Review;

/// What the register knows of an entry's decision.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionInput {
    pub state: State,
    pub review: Option<Review>,
    /// UTC time of the `reviewed` event.
    pub reviewed_at: Option<String>,
    /// SHA-256 of the stored audit record.
    pub current_audit: Option<String>,
    /// The re-review date has passed (and the entry is not retired).
    pub re_review_due: bool,
    /// The number of events in the log and the latest one's hash: whoever keeps it can later check
    /// that the history was not rewritten.
    pub head: Option<(u64, String)>,
}

fn state_word(s: State) -> &'static str {
    match s {
        State::Draft => "st_draft",
        State::Audited => "st_audited",
        State::InReview => "st_in_review",
        State::Approved => "st_approved",
        State::ApprovedWithConditions => "st_approved_conditions",
        State::ChangesRequested => "st_changes",
        State::Rejected => "st_rejected",
        State::Published => "st_published",
        State::Retired => "st_retired",
    }
}

/// The words key of a review decision.
pub(super) fn decision_word(d: &str) -> &'static str {
    match d {
        "approved" => "d_approved",
        "approved-with-conditions" => "d_approved_conditions",
        "changes-requested" => "d_changes",
        _ => "d_rejected",
    }
}

/// The section's view-model.
pub fn decision_view(d: &DecisionInput, lang: Lang) -> Value {
    let mut o = Obj::new().set(
        "state",
        fill(
            "d_state",
            lang,
            &[("state", word(state_word(d.state), lang))],
        ),
    );
    if let Some((n, hash)) = &d.head {
        o = o
            .set("history", fill("d_history", lang, &[("n", &n.to_string())]))
            .set("head", hash.as_str());
    }
    let Some(r) = &d.review else {
        return o.set("none", word("d_none", lang)).into();
    };
    let date = d
        .reviewed_at
        .as_deref()
        .map_or("", |t| &t[..10.min(t.len())]);
    let current = d.current_audit.as_deref() == Some(r.audit_sha256.as_str());
    let members: Vec<Value> = r
        .members
        .iter()
        .map(|m| {
            Obj::new()
                .set("name", m.name.as_str())
                .set("role", m.role.as_str())
                .into()
        })
        .collect();
    let conditions: Vec<Value> = r
        .conditions
        .iter()
        .map(|c| {
            Obj::new()
                .set("text", c.text.as_str())
                .set("due", fill("d_due", lang, &[("date", &c.due)]))
                .into()
        })
        .collect();
    let dissent: Vec<Value> = r
        .dissent
        .iter()
        .map(|x| {
            Obj::new()
                .set("name", x.name.as_str())
                .set("text", x.text.as_str())
                .into()
        })
        .collect();
    o = o
        .set("none", "")
        .set(
            "decided",
            fill(
                "d_decided",
                lang,
                &[
                    ("date", date),
                    ("decision", word(decision_word(&r.decision), lang)),
                ],
            ),
        )
        .set("audit_sha256", r.audit_sha256.as_str())
        .set(
            "audit_note",
            word(if current { "d_current" } else { "d_outdated" }, lang),
        )
        .set("outdated", !current)
        .set("members", members)
        .set("reasoning", r.reasoning.as_str())
        .set("conditions", conditions)
        .set("dissent", dissent)
        .set(
            "re_review",
            fill(
                if d.re_review_due {
                    "d_re_review_due"
                } else {
                    "d_re_review"
                },
                lang,
                &[("date", &r.re_review)],
            ),
        );
    o.into()
}
