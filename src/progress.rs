//! Progress of a long run on the terminal: the stage, the time so far and, once known, the gap
//! between the best plan and the bound. Drawn on standard error only when it is a terminal,
//! and never with `--quiet` or `--json`.
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tepai_io::Lang;
use tepai_solver::progress::{Progress, Stage};

use crate::cli::ShowArgs;

/// A spinner with the stage and gap, cleared when the run is done.
pub struct Spinner(Option<ProgressBar>);

impl Spinner {
    /// Starts a spinner when the terminal should show one.
    pub fn start(show: ShowArgs) -> Spinner {
        if show.quiet || show.json || !std::io::stderr().is_terminal() {
            return Spinner(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(120));
        Spinner(Some(bar))
    }

    /// Where the solver reports its stages.
    pub fn progress(&self) -> Progress {
        let Some(bar) = self.0.clone() else {
            return Progress::default();
        };
        let lang = crate::console::lang();
        Progress::to(move |stage, gap| bar.set_message(message(stage, gap, lang)))
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// The spinner's text for a stage.
fn message(stage: Stage, gap: Option<f64>, lang: Lang) -> String {
    let what = match stage {
        Stage::Heuristic => lang.pick("生成候选方案", "building a first plan"),
        Stage::Bound => lang.pick("计算下界", "computing the bound"),
        Stage::Search => lang.pick("搜索更优方案", "searching for a better plan"),
        Stage::Diagnosis => lang.pick("分析缺口", "diagnosing the shortfall"),
        Stage::Schedule => lang.pick("排定全年走访", "dating every visit"),
        Stage::Check => lang.pick("独立核验", "checking independently"),
    };
    match gap {
        Some(g) => format!(
            "{what}  {}{:.2}%",
            lang.pick("差距 ", "gap "),
            100.0 * g.max(0.0)
        ),
        None => what.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_stage_and_the_gap() {
        assert_eq!(
            message(Stage::Search, Some(0.0123), Lang::En),
            "searching for a better plan  gap 1.23%"
        );
        assert_eq!(message(Stage::Schedule, None, Lang::Zh), "排定全年走访");
    }
}
