//! A scenario in memory takes less than twice its files (a 1 GiB table once aborted on
//! allocation). Its own test binary: it measures the peak memory of the whole process.
#![cfg(target_os = "linux")]
use std::fmt::Write as _;
use std::path::Path;

/// A figure of `/proc/self/status` in bytes: `VmRSS` (memory in use now) or `VmHWM` (its peak
/// since the last reset).
fn status(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with(key)).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

/// Nanping 2024 with 200,000 more enterprises, shaped like a synthetic province's rows.
fn large_scenario(dir: &Path) -> u64 {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/nanping-2024");
    for entry in std::fs::read_dir(&shipped).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    let units: Vec<String> = std::fs::read_to_string(shipped.join("units.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect();
    let words = [
        "宏达", "鼎乐", "明绿", "雅泰", "闽北", "武夷", "建瓯", "顺昌",
    ];
    let trades = ["生物科技", "食品", "物流", "竹木制品", "茶业", "机械制造"];
    let suffixes = ["有限公司", "股份有限公司", "集团有限公司"];
    let needs = ["contract", "tax", "ip", "labor", "finance", "trade"];
    let mut csv = std::fs::read_to_string(shipped.join("enterprises.csv")).unwrap();
    for i in 0..200_000usize {
        let unit = match i % 7 {
            0 => String::new(),
            1 => format!(
                "{};{}",
                units[i % units.len()],
                units[(i / 7) % units.len()]
            ),
            _ => units[i % units.len()].clone(),
        };
        let categories = ["", "", "green", "high_tech", "foreign;green"][i % 5];
        let need = if i % 3 == 0 {
            format!("{};{}", needs[i % 6], needs[(i + 1) % 6])
        } else {
            needs[i % 6].to_owned()
        };
        writeln!(
            csv,
            "e-p{i:07},南平{}{}{},{:.5},{:.5},county-{:02},{},{unit},{categories},{need},{}",
            words[i % 8],
            trades[(i / 8) % 6],
            suffixes[i % 3],
            26.0 + (i % 1000) as f64 / 1000.0,
            117.5 + (i % 997) as f64 / 997.0,
            i % 10,
            ["food", "tea", "biotech", "logistics"][i % 4],
            i % 3,
        )
        .unwrap();
    }
    std::fs::write(dir.join("enterprises.csv"), &csv).unwrap();
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

#[test]
fn a_scenario_takes_less_memory_than_twice_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = large_scenario(dir.path());
    // Writing 5 to clear_refs resets the peak (VmHWM) to the memory in use now.
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = status("VmRSS:");
    let loaded = tepai_model::load(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let peak = status("VmHWM:") - before;
    assert_eq!(loaded.scenario.enterprises.len(), 202_945);
    let ratio = peak as f64 / bytes as f64;
    eprintln!("files {bytes} bytes, peak memory {peak} bytes more while loading: {ratio:.2}x");
    assert!(ratio < 2.0, "loading took {ratio:.2} times the files' size");
}
