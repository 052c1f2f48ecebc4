//! Last year's plan as this year's previous targets: `tepai plan --previous DIR` reads
//! `DIR/assignment.csv` in place of the scenario's `previous_target` column, and the plan
//! records what it used in `previous.csv`, which `tepai check` reads back.
use std::path::Path;

use tepai_io::read::{self, PreviousTargets};
use tepai_io::Lang;
use tepai_model::Scenario;

use crate::outcome::BadInput;

/// The file a plan records the previous targets of `--previous` in.
pub const FILE: &str = "previous.csv";

/// Sets every officer's previous targets from the plan in `dir` (its `assignment.csv`): the
/// plan replaces the scenario's `previous_target` column for every officer (an officer the
/// plan does not name has none). Rows naming an officer or target the scenario no longer has
/// are dropped with a warning that lists them; a `previous_target` column that had values is
/// ignored with a warning.
pub fn from_plan(s: &mut Scenario, dir: &Path) -> anyhow::Result<()> {
    let read = read::previous_targets(s, &dir.join("assignment.csv"))?;
    let zh = crate::console::lang() == Lang::Zh;
    let in_scenario: usize = s.officers.iter().map(|o| o.previous_targets.len()).sum();
    if in_scenario > 0 {
        if zh {
            errln!(
                "tepai: 警告：上年服务对象取自 {} 的派驻安排，情景中上年服务对象列的 {in_scenario} 个编号不再使用",
                dir.display()
            );
        } else {
            errln!(
                "tepai: warning: the previous targets are those of the plan in {}; the scenario's {in_scenario} previous_target ids are not used",
                dir.display()
            );
        }
    }
    if !read.dropped.is_empty() {
        let (file, n) = (dir.join("assignment.csv"), read.dropped.len());
        if zh {
            errln!(
                "tepai: 警告：{}：{n} 组派驻的特派员或对象已不在情景中，不作为上年服务对象：{}",
                file.display(),
                read.dropped.join("、")
            );
        } else {
            errln!(
                "tepai: warning: {}: {n} pairs name an officer or target the scenario no longer has and are not previous targets: {}",
                file.display(),
                read.dropped.join(", ")
            );
        }
    }
    replace(s, &read);
    Ok(())
}

/// For `tepai check`: when the plan in `dir` has a `previous.csv`, sets every officer's
/// previous targets from it (as [`from_plan`] did when the plan was made) and returns true.
/// Every row of it must name an officer and a target of the scenario (the plan wrote only
/// those).
pub fn recorded(s: &mut Scenario, dir: &Path) -> anyhow::Result<bool> {
    let path = dir.join(FILE);
    if !path.exists() {
        return Ok(false);
    }
    let read = read::previous_targets(s, &path)?;
    if let Some(first) = read.dropped.first() {
        let (file, n) = (path.display(), read.dropped.len());
        return Err(BadInput::from(tepai_model::text!(
            "{file}: {n} rows name an officer or target the scenario does not have (first: \
             {first}); was the plan made for this scenario?",
            "{file}：有 {n} 行写的特派员或服务对象在本场景中不存在（第一个：{first}）；\
             这份方案是为本场景做的吗？"
        ))
        .into());
    }
    replace(s, &read);
    Ok(true)
}

fn replace(s: &mut Scenario, read: &PreviousTargets) {
    for officer in &mut s.officers {
        officer.previous_targets.clear();
    }
    for &(o, t) in &read.pairs {
        s.officers[o.index()].previous_targets.push(t);
    }
}
