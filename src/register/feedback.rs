//! Runs the feedback-loop simulation of a trained hotspot model for its audit record: builds the
//! simulated city from the whole data file, with each area's reporting rate from the sampling audit's
//! comparison with the incidence survey when there is one.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::manifest::model::SplitSpec;
use crate::record::feedback::FeedbackSection;
use crate::record::sampling::SamplingSection;
use crate::simulate::{simulate, world};

use super::Trained;

/// The simulation's section, or `None` when the manifest asks for none.
pub fn run(t: &Trained, sampling: &SamplingSection) -> Result<Option<FeedbackSection>> {
    let Some(fb) = &t.spec.feedback else {
        return Ok(None);
    };
    let mut reporting = BTreeMap::new();
    let mut source = format!(
        "assumed: residents report {:.0}% of incidents in every area (no incidence survey)",
        fb.reporting * 100.0
    );
    if let Some(r) = sampling
        .reporting
        .as_ref()
        .filter(|r| r.attribute == fb.area)
    {
        for g in &r.groups {
            if let Some(v) = g.reporting_rate.value {
                reporting.insert(g.group.clone(), v);
            }
        }
        source = format!(
            "the sampling audit: recorded incidents against {} ({})",
            r.source, r.year
        );
    }
    let world = world::build(&t.source, t.spec, fb, &reporting, t.origin)?;
    let test_share = match &t.spec.split {
        SplitSpec::Time { test_share, .. } => *test_share,
        _ => 0.5,
    };
    let window = world.periods - (test_share * world.periods as f64).round() as usize;
    let mut section = simulate(&world, &t.spec.algorithm, fb, window, t.spec.seed)
        .map_err(|why| Error::field(t.origin, "model.feedback", why))?;
    section.area_column = fb.area.clone();
    section.reporting_source = source;
    Ok(Some(section))
}
