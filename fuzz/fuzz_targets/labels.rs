//! Fuzz target: see `labels` in tests/fuzz_properties.rs for what it checks.
#![no_main]

#[path = "../../tests/fuzz_properties.rs"]
#[allow(dead_code)]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::labels(data));
