//! How a run ends: the process exit code, and which errors are the user's to fix.

/// How a run ended, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: done.
    Ok = 0,
    /// 1: tepai itself failed.
    Internal = 1,
    /// 2: the input, a plan's files or the output location cannot be used.
    BadInput = 2,
    /// 3: the targets cannot be reached (the best partial result is still written).
    TargetsUnreachable = 3,
    /// 4: `tepai bench --baseline`: a case got slower, bigger or worse beyond the tolerance.
    Regression = 4,
}

impl Outcome {
    /// The outcome of a run that ended with `error`: bad input (exit 2) when the error is the
    /// user's to fix — something asked for on the command line, a plan's files, the output
    /// location — and an internal error (exit 1) otherwise.
    pub fn of_error(error: &anyhow::Error) -> Outcome {
        if error.downcast_ref::<BadInput>().is_some()
            || error.downcast_ref::<tepai_io::Error>().is_some()
        {
            Outcome::BadInput
        } else {
            Outcome::Internal
        }
    }
}

/// An error in what the user asked for (exit code 2), as opposed to a failure of tepai.
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

impl From<tepai_model::Text> for BadInput {
    /// The words in the terminal's language.
    fn from(words: tepai_model::Text) -> Self {
        BadInput(
            words
                .pick(crate::console::lang() == tepai_io::Lang::Zh)
                .to_owned(),
        )
    }
}
