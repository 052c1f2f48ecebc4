//! The assignment stages on the shipped Nanping 2024 scenario: one group per stage.
//!
//! `cargo bench --bench assign` — ten samples a stage; the last one is the whole `assign()`
//! (heuristic, column generation for the bound over every plan, MIP when needed).
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use tepai_solver::assign::{assign, greedy, AssignOptions};
use tepai_solver::candidates::{CandidateLimits, Instance};

fn nanping_2024() -> tepai_model::Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/nanping-2024");
    tepai_model::load(&path)
        .expect("the shipped scenario loads")
        .scenario
}

fn stages(c: &mut Criterion) {
    let s = nanping_2024();
    let mut group = c.benchmark_group("assign/nanping-2024");
    group.sample_size(10);
    group.bench_function("candidate graph", |b| {
        b.iter(|| Instance::new(black_box(&s), CandidateLimits::default()));
    });
    let inst = Instance::new(&s, CandidateLimits::default());
    group.bench_function("greedy heuristic", |b| {
        b.iter(|| greedy::solve(black_box(&inst), 7))
    });
    let lp_only = AssignOptions {
        heuristic_only: true,
        ..AssignOptions::from_scenario(&s)
    };
    group.bench_function(
        "heuristic and the bound over every plan (--heuristic-only)",
        |b| b.iter(|| assign(black_box(&s), &lp_only)),
    );
    group.measurement_time(Duration::from_secs(10));
    let full = AssignOptions::from_scenario(&s);
    group.bench_function("assign() to the scenario's gap", |b| {
        b.iter(|| assign(black_box(&s), &full))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
