//! What a long run reports while it works: the stage it is in and, once both a plan and a
//! bound are known, the gap between them. A terminal shows it; a library caller may ignore it.
use std::fmt;
use std::sync::Arc;

/// A stage of planning, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Building the candidate pairs and the greedy plan.
    Heuristic,
    /// Solving the linear relaxation: the bound over every plan.
    Bound,
    /// The branch-and-bound search for a better plan.
    Search,
    /// Finding out why targets fall short (and how many more officers would close them).
    Diagnosis,
    /// Dating every visit of the year.
    Schedule,
    /// The independent checker re-verifying the plan.
    Check,
}

/// What receives the reports: the stage that starts and the gap known then.
type Receiver = dyn Fn(Stage, Option<f64>) + Send + Sync;

/// Receives [`Stage`]s and gaps; the default receives nothing.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<Receiver>>);

impl Progress {
    /// Reports to `f`: the stage that starts, and the relative gap between the best plan so
    /// far and the bound when both are known.
    pub fn to(f: impl Fn(Stage, Option<f64>) + Send + Sync + 'static) -> Progress {
        Progress(Some(Arc::new(f)))
    }

    /// Reports that `stage` starts, with the gap known at that point.
    pub fn report(&self, stage: Stage, gap: Option<f64>) {
        if let Some(f) = &self.0 {
            f(stage, gap);
        }
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(reported)"
        } else {
            "Progress(none)"
        })
    }
}
