//! Optimisers: [`sgd`] (plain and momentum) and [`adam`], as pure update
//! functions plus [`Optimizer`], which keeps per-tensor state ("slots").
//!
//! Using [`Optimizer`]: call [`Optimizer::begin_step`] once per training step,
//! then [`Optimizer::update`] once per parameter tensor with a stable slot
//! number (e.g. 0 = embedding, 1 = conv kernel, ...).

pub mod adam;
pub mod sgd;

pub use adam::{adam_alpha, adam_update, AdamConfig};
pub use sgd::{momentum_update, sgd_update, SgdConfig};

use crate::kernels::Real;
use serde::{Deserialize, Serialize};

/// `Err("learningRate: must be a finite number > 0")` unless `lr` is.
pub fn check_learning_rate(lr: f64) -> Result<(), String> {
    if lr.is_finite() && lr > 0.0 {
        Ok(())
    } else {
        Err(format!("learningRate: must be a finite number > 0, got {lr}"))
    }
}

/// Which optimiser, with its hyper-parameters. Serde: `{"kind":"sgd",
/// "learningRate":0.01,"momentum":0}` or `{"kind":"adam","learningRate":0.001,...}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum OptimizerConfig {
    Sgd(SgdConfig),
    Adam(AdamConfig),
}

impl Default for OptimizerConfig {
    /// Keras' `compile(optimizer="adam")` default.
    fn default() -> Self {
        OptimizerConfig::Adam(AdamConfig::default())
    }
}

impl OptimizerConfig {
    /// Validate the hyper-parameters.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            OptimizerConfig::Sgd(c) => c.validate(),
            OptimizerConfig::Adam(c) => c.validate(),
        }
    }

    /// The learning rate.
    pub fn learning_rate(&self) -> f64 {
        match self {
            OptimizerConfig::Sgd(c) => c.learning_rate,
            OptimizerConfig::Adam(c) => c.learning_rate,
        }
    }
}

/// Per-tensor optimiser state.
#[derive(Clone, Debug, PartialEq)]
enum Slot<T: Real> {
    Empty,
    Velocity(Vec<T>),
    Moments { m: Vec<T>, v: Vec<T> },
}

/// An optimiser with its state: step count `t` and one slot per parameter tensor.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimizer<T: Real> {
    config: OptimizerConfig,
    t: u64,
    slots: Vec<Slot<T>>,
}

impl<T: Real> Optimizer<T> {
    /// A fresh optimiser (`t = 0`, no state) after validating `config`.
    pub fn new(config: OptimizerConfig) -> Result<Self, String> {
        config.validate()?;
        Ok(Optimizer { config, t: 0, slots: Vec::new() })
    }

    /// The hyper-parameters.
    pub fn config(&self) -> &OptimizerConfig {
        &self.config
    }

    /// Steps begun so far.
    pub fn t(&self) -> u64 {
        self.t
    }

    /// Change the learning rate (keeps the state), validated.
    pub fn set_learning_rate(&mut self, lr: f64) -> Result<(), String> {
        check_learning_rate(lr)?;
        match &mut self.config {
            OptimizerConfig::Sgd(c) => c.learning_rate = lr,
            OptimizerConfig::Adam(c) => c.learning_rate = lr,
        }
        Ok(())
    }

    /// Start a training step (`t += 1`); call once before the step's updates.
    pub fn begin_step(&mut self) {
        self.t += 1;
    }

    /// Update one parameter tensor in place from its gradient. `slot`
    /// identifies the tensor across steps; its state is created on first use.
    pub fn update(&mut self, slot: usize, params: &mut [T], grads: &[T]) -> Result<(), String> {
        if params.len() != grads.len() {
            return Err(format!(
                "optimizer: slot {slot} has {} parameters but {} gradients",
                params.len(),
                grads.len()
            ));
        }
        if self.t == 0 {
            return Err("optimizer: call begin_step() before update()".into());
        }
        if self.slots.len() <= slot {
            self.slots.resize(slot + 1, Slot::Empty);
        }
        let n = params.len();
        let st = &mut self.slots[slot];
        if let Slot::Empty = st {
            *st = match self.config {
                OptimizerConfig::Sgd(c) if c.momentum == 0.0 => Slot::Empty,
                OptimizerConfig::Sgd(_) => Slot::Velocity(vec![T::ZERO; n]),
                OptimizerConfig::Adam(_) => Slot::Moments { m: vec![T::ZERO; n], v: vec![T::ZERO; n] },
            };
        }
        match (&self.config, st) {
            (OptimizerConfig::Sgd(c), Slot::Empty) => sgd_update(T::from_f64(c.learning_rate), params, grads),
            (OptimizerConfig::Sgd(c), Slot::Velocity(vel)) if vel.len() == n => {
                momentum_update(T::from_f64(c.learning_rate), T::from_f64(c.momentum), params, grads, vel)
            }
            (OptimizerConfig::Adam(c), Slot::Moments { m, v }) if m.len() == n => adam_update(c, self.t, params, grads, m, v),
            _ => return Err(format!("optimizer: slot {slot} changed size or kind")),
        }
        Ok(())
    }
}
