//! `tepai staff SCENARIO --out DIR`: the fewest additional officers per court that reach every
//! target, with the bound that proves one fewer cannot; what each further officer adds; and
//! how many existing officers could be released with every target met
//! (`tepai_solver::staff`, `docs/staffing.md`). Writes `staff.csv` and `staff.json`
//! (`tepai_io::staff`) and prints the table. Exit codes: 0 a set of new officers (perhaps
//! none) reaches every target; 2 bad input; 3 no number of new officers reaches every target,
//! or none was found within the time limit.
use tepai_io::out_dir::OutDir;
use tepai_io::Lang;
use tepai_solver::staff::{staff, StaffOptions};

use crate::cli::StaffArgs;
use crate::outcome::BadInput;
use crate::Outcome;

/// Runs `tepai staff`.
pub fn run(args: &StaffArgs, files: Lang) -> anyhow::Result<Outcome> {
    if !(args.time_limit.is_finite() && args.time_limit > 0.0) {
        return Err(BadInput(format!(
            "{}{}",
            crate::console::pick(
                "--time-limit 必须为正数：",
                "--time-limit must be a positive number of seconds: "
            ),
            args.time_limit
        ))
        .into());
    }
    let Some((s, inputs)) = super::load_with_inputs(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    let options = StaffOptions {
        time_limit_s: args.time_limit,
        max_per_court: args.max_per_court,
        beyond: args.beyond,
        seed: s.seed,
    };
    let answer = staff(&s, &options);
    let json = tepai_io::staff::gather(&s, &answer, files);
    let dir = OutDir::new(&args.out, &inputs)?;
    dir.write(|path| tepai_io::staff::write_all(path, &json).map_err(anyhow::Error::from))?;
    for w in dir.commit()? {
        errln!("tepai: {}{w}", crate::console::pick("警告：", "warning: "));
    }
    let term = tepai_io::staff::gather(&s, &answer, crate::console::lang());
    out!("{}", tepai_io::staff::table(&term, crate::console::lang()));
    outln!(
        "{}{}",
        crate::console::pick("已写入 ", "wrote "),
        args.out.display()
    );
    Ok(if answer.hires.is_some() {
        Outcome::Ok
    } else {
        Outcome::TargetsUnreachable
    })
}
