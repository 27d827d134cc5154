//! Shared helpers for integration tests (`mod common;`).
pub mod fixtures;
