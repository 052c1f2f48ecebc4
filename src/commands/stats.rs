//! `tepai stats SCENARIO --ledger FILE --period P --by rank|court|officer --out DIR`: the
//! Zhonglou statistics tables for a period, counted from the visit ledger
//! (`tepai_solver::stats`): `stats.csv` (half-monthly work table), `legal_aid.csv` (monthly
//! legal-aid table) and `stats.xlsx` (both, with the form's title, period and due date).
//! The period is `--period` (`2024-05-H1`, `2024-05-H2`, `2024-05`, `2024-Q2`, `2024`) or
//! `--from D1 --to D2`. Exit codes: 0 written; 2 bad input.
use std::fmt::Write as _;

use tepai_io::out_dir::OutDir;
use tepai_solver::stats::{groups, table, GroupBy, ReportPeriod, LEGAL_AID_ITEMS, WORK_ITEMS};

use crate::cli::{StatsArgs, StatsBy};
use crate::outcome::BadInput;
use crate::Outcome;

fn period(args: &StatsArgs) -> anyhow::Result<ReportPeriod> {
    match (&args.period, &args.from, &args.to) {
        (Some(p), None, None) => ReportPeriod::parse(p).ok_or_else(|| {
            BadInput::from(tepai_model::text!(
                "--period `{p}` is not a period: write 2024-05-H1 or 2024-05-H2 (half-months), 2024-05, 2024-Q2 or 2024",
                "--period “{p}”不是统计期：请写 2024-05-H1 或 2024-05-H2（半月）、2024-05、2024-Q2 或 2024"
            ))
            .into()
        }),
        (None, Some(from), Some(to)) => {
            let from = super::ledger::date_arg("--from", from)?;
            let to = super::ledger::date_arg("--to", to)?;
            if to < from {
                return Err(BadInput::from(tepai_model::text!(
                    "--to {to} is before --from {from}",
                    "--to {to} 早于 --from {from}"
                ))
                .into());
            }
            let half = ReportPeriod::half_month_of(to);
            Ok(ReportPeriod {
                label: format!("{from}..{to}"),
                from,
                to,
                work_due: (half.to == to && (half.from == from)).then_some(half.work_due).flatten(),
                legal_aid_due: None,
            })
        }
        _ => Err(BadInput::from(tepai_model::text!(
            "give the period as --period (e.g. 2024-05-H1) or as --from and --to",
            "请用 --period（如 2024-05-H1）或 --from 与 --to 给出统计期"
        ))
        .into()),
    }
}

/// Runs `tepai stats`.
pub fn run(args: &StatsArgs) -> anyhow::Result<Outcome> {
    let p = period(args)?;
    let Some((s, mut inputs)) = super::load_with_inputs(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    let Some(ledger) = super::ledger::load_or_report(&s, &args.ledger) else {
        return Ok(Outcome::BadInput);
    };
    let by = match args.by {
        StatsBy::Rank => GroupBy::Rank,
        StatsBy::Court => GroupBy::Court,
        StatsBy::Officer => GroupBy::Officer,
    };
    let work = table(&ledger, WORK_ITEMS, groups(&s, by), p.from, p.to);
    let legal_aid = table(&ledger, LEGAL_AID_ITEMS, Vec::new(), p.from, p.to);
    inputs.push(args.ledger.clone());
    let dir = OutDir::new(&args.out, &inputs)?;
    dir.write(|path| {
        tepai_io::stats::write_all(path, &p, &work, &legal_aid).map_err(anyhow::Error::from)
    })?;
    for w in dir.commit()? {
        errln!("tepai: {}{w}", crate::console::pick("警告：", "warning: "));
    }
    let lang = crate::console::lang();
    let zh = lang == tepai_io::Lang::Zh;
    let counted = ledger
        .entries
        .iter()
        .filter(|e| (p.from..=p.to).contains(&e.date))
        .count();
    if counted == 0 {
        let (from, to) = (p.from, p.to);
        errln!(
            "tepai: {}",
            tepai_model::text!(
                "warning: the ledger has no row from {from} to {to}: every figure of the period is 0",
                "警告：台账中没有 {from} 至 {to} 的记录：本期各项均为 0"
            )
            .pick(zh)
        );
    }
    let kinds = [
        (
            tepai_io::stats::WORK_TITLE,
            tepai_io::stats::work_kind(&p),
            &work,
            p.work_due,
        ),
        (
            tepai_io::stats::LEGAL_AID_TITLE,
            tepai_io::stats::legal_aid_kind(&p),
            &legal_aid,
            p.legal_aid_due,
        ),
    ];
    for (title, kind, table, due) in kinds {
        outln!("{title}({kind})");
        let mut line = format!(
            "{}{} {} {}",
            lang.pick("填报期间：", "period: "),
            table.from,
            lang.pick("至", "to"),
            table.to
        );
        if let Some(due) = due {
            let _ = write!(line, "    {}{due}", lang.pick("报送日期：", "due: "));
        }
        outln!("{line}");
        // The CSV's table without its first column, the English key.
        let lines: Vec<Vec<String>> = std::iter::once(tepai_io::stats::header(table))
            .chain(tepai_io::stats::cells(table))
            .map(|row| row.into_iter().skip(1).collect())
            .collect();
        out!("{}", crate::render::grid(&lines, 1));
        outln!("");
    }
    outln!(
        "{}{}",
        if zh { "已写入 " } else { "wrote " },
        args.out.display()
    );
    Ok(Outcome::Ok)
}
