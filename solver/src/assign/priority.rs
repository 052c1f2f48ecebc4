//! Target priority (`[targets] priority`): the weight of one unit of each target's shortfall,
//! so large for a target that one unit of it outweighs anything the targets after it, and
//! the rest of the objective's rewards, could ever amount to. The lexicographic order is
//! then exact in one objective (docs/assignment-model.md, “Target priority”):
//!
//! ```text
//! W(last)  = W_s
//! W(k)     = W_s + R + Σ_{j after k} W(j) · required(j)
//! R        = W_p · Σ_e value(e) + W_c · (previous targets of every officer)
//! ```
//! `required(j)` bounds target `j`'s shortfall; `R` bounds what a plan can gain in priority
//! and change (the parts that fall when more is served). With `W_s = 0` every weight is 0.
use tepai_model::{Scenario, TargetKind};

/// The weight of one unit of shortfall of each target, in the order platforms, chambers,
/// enterprises. `value` is each enterprise's priority value.
pub fn shortfall_weights(s: &Scenario, value: &[f64]) -> [f64; 3] {
    let w = &s.weights;
    let mut out = [0.0; 3];
    if w.shortfall <= 0.0 {
        return out;
    }
    let previous: usize = s.officers.iter().map(|o| o.previous_targets.len()).sum();
    #[allow(clippy::cast_precision_loss)]
    let rewards = w.priority * value.iter().sum::<f64>() + w.change * previous as f64;
    // From the last target up: each outweighs everything after it.
    let mut below = 0.0;
    for (rank, &kind) in s.targets.priority.iter().enumerate().rev() {
        let weight = if rank == 2 {
            w.shortfall
        } else {
            w.shortfall + rewards + below
        };
        out[slot(kind)] = weight;
        below += weight * f64::from(s.required_of(kind));
    }
    out
}

/// A target's place in `[platforms, chambers, enterprises]`.
pub fn slot(kind: TargetKind) -> usize {
    match kind {
        TargetKind::Platforms => 0,
        TargetKind::Chambers => 1,
        TargetKind::Enterprises => 2,
    }
}
