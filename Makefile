# Entry points for people and CI. Every target first makes sure the machine can build HiGHS.
SCENARIO ?= scenarios/nanping-2024
OUT ?= out/nanping-2024

.PHONY: prerequisites run test lint bench

prerequisites:
	@bash scripts/prerequisites.sh

## The main job on the shipped default scenario.
run: prerequisites
	cargo run --release --quiet -- plan $(SCENARIO) --out $(OUT)

## Every test of the workspace (release build: the solver tests are real optimisations).
test: prerequisites
	cargo test --release --workspace

## Formatting and lints, as required before every commit.
lint: prerequisites
	cargo fmt --all -- --check
	cargo clippy --release --workspace --all-targets -- -D warnings

bench: prerequisites
	cargo bench --workspace
