//! Generating and loading scenarios: one group per stage.
//!
//! `cargo bench --bench load` — small sample sizes keep the whole run to about a minute.
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use tepai_generate::{generate, Preset};

fn generate_stage(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("province", |b| {
        b.iter(|| generate(black_box(Preset::Province), black_box(1)));
    });
    group.finish();
}

fn load_and_validate_stage(c: &mut Criterion) {
    let province = tempfile::tempdir().expect("tempdir");
    generate(Preset::Province, 1)
        .write_to(province.path())
        .expect("write the province");
    let nanping = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/nanping-2024");

    let mut group = c.benchmark_group("load_and_validate");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("province", |b| {
        b.iter(|| tepai_model::load(black_box(province.path())).expect("the province loads"));
    });
    group.bench_function("nanping-2024", |b| {
        b.iter(|| tepai_model::load(black_box(&nanping)).expect("nanping-2024 loads"));
    });
    group.finish();
}

criterion_group!(benches, generate_stage, load_and_validate_stage);
criterion_main!(benches);
