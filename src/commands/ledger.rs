//! Reading the visit ledger for `tepai status` and `tepai stats`, printing its findings.
use std::path::Path;

use chrono::NaiveDate;
use tepai_model::ledger::{load_ledger, Ledger};
use tepai_model::Scenario;

use crate::outcome::BadInput;
use crate::render;

/// Loads the ledger at `path` against `s`, printing every warning; `None` (after printing
/// every finding) when it has errors.
pub fn load_or_report(s: &Scenario, path: &Path) -> Option<Ledger> {
    let lang = crate::console::lang();
    match load_ledger(s, path) {
        Ok((ledger, warnings)) => {
            for w in warnings.into_listed() {
                errln!("{}", render::diagnostic(&w, lang));
            }
            Some(ledger)
        }
        Err(diags) => {
            super::report_findings(path, &diags);
            None
        }
    }
}

/// A date given on the command line: `YYYY-MM-DD`, `YYYY/M/D` or `YYYY年M月D日`.
pub fn date_arg(option: &str, text: &str) -> anyhow::Result<NaiveDate> {
    ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text.trim(), f).ok())
        .ok_or_else(|| {
            BadInput::from(tepai_model::text!(
                "{option} `{text}` is not a date: write it as YYYY-MM-DD (e.g. 2024-06-30)",
                "{option} “{text}”不是日期：请写作 YYYY-MM-DD（如 2024-06-30）"
            ))
            .into()
        })
}
