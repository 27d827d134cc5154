//! The teaching network of "Backprop, step by step" (f64), implementing the
//! contract in docs/network-state.md: [`state`] (JSON schema and
//! validation), [`network`] (forward, backward, update, presets), [`trace`]
//! (what a step shows), [`gradcheck`] (finite differences), and
//! [`regularization`] (weight penalties for toy-dataset training).

pub mod gradcheck;
pub mod network;
pub mod regularization;
pub mod state;
pub mod trace;

pub use gradcheck::{rel_error, GradCheckEntry, ParamKind, GRADCHECK_H, GRADCHECK_NOISE};
pub use network::{Network, MAX_BATCH_SIZE, MAX_TRAIN_STEPS};
pub use regularization::{Regularization, WeightPenalty};
pub use state::{
    NetError, NetworkState, OptimizerSpec, OptimizerState, ParamSet, STATE_KEYS, STATE_VERSION,
};
pub use trace::{
    BatchLayerTrace, BatchTrace, LayerTrace, SampleLayerTrace, SampleTrace, StepTrace,
};
