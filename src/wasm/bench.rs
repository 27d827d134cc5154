//! Benchmark entry points (bench/index.html): thin wrappers that let the page
//! time the core without the tokenizer in the way.
//!
//! - [`SeedModelBench`]: a [`TextCnn`] trained by the same [`Trainer`] the
//!   `TextClassifier` uses, on pre-tokenized ids (`setData`), plus inference
//!   through [`TextCnn::forward`] on batches.
//! - [`KernelBench`]: the Conv1D GEMM shapes of one sample, run `reps` times.
//! - `maddPeakProbe`: the kernel crate's WASM SIMD multiply-add peak loop.
//! - `wasmMemoryBytes`: the size of this module's linear memory.

use crate::classifier::model::{Architecture, TextCnn, Workspace};
use crate::classifier::train::{Samples, TrainConfig, Trainer};
use crate::kernels::Real;
use wasm_bindgen::prelude::*;

fn err(msg: impl core::fmt::Display) -> JsError {
    JsError::new(&msg.to_string())
}

/// A text CNN with a training run over fixed pre-tokenized data.
#[wasm_bindgen]
pub struct SeedModelBench {
    model: TextCnn<f32>,
    trainer: Option<Trainer<f32>>,
    ws: Workspace<f32>,
    infer_ids: Vec<u32>,
    batch_size: usize,
    learning_rate: f64,
}

#[wasm_bindgen]
impl SeedModelBench {
    /// `new SeedModelBench(vocabSize, maxLen, embeddingDim, filters,
    /// kernelSize, batchSize, inferBatch, seed, bag?)`: two classes
    /// (sigmoid), no dropout, Adam(lr 0.001); `bag` (default false) adds
    /// the bag-of-tokens branch, as the text classifier's default does.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        vocab_size: u32,
        max_len: u32,
        embedding_dim: u32,
        filters: u32,
        kernel_size: u32,
        batch_size: u32,
        infer_batch: u32,
        seed: u32,
        bag: Option<bool>,
    ) -> Result<SeedModelBench, JsError> {
        let arch = Architecture {
            vocab_size: vocab_size as usize,
            max_len: max_len as usize,
            embedding_dim: embedding_dim as usize,
            filters: filters as usize,
            kernel_size: kernel_size as usize,
            dropout: 0.0,
            classes: 2,
            bigrams: false,
            bag_of_tokens: bag.unwrap_or(false),
        };
        if batch_size == 0 || infer_batch == 0 {
            return Err(err("batchSize and inferBatch must be at least 1"));
        }
        let model = TextCnn::new(arch, seed as u64).map_err(err)?;
        let ws = model.workspace(infer_batch as usize);
        Ok(SeedModelBench {
            model,
            trainer: None,
            ws,
            infer_ids: Vec::new(),
            batch_size: batch_size as usize,
            learning_rate: 0.001,
        })
    }

    /// The training and inference data: `ids: [n, maxLen]` token ids,
    /// `labels: [n]` in {0, 1}. Starts a fresh training run (epochs up to
    /// 10000, no validation, no shuffling difference from the page's).
    #[wasm_bindgen(js_name = setData)]
    pub fn set_data(&mut self, ids: &[i32], labels: &[i32]) -> Result<(), JsError> {
        let l = self.model.arch.max_len;
        if ids.len() != labels.len() * l {
            return Err(err(format!(
                "ids has {} elements, expected {}·{l}",
                ids.len(),
                labels.len()
            )));
        }
        let v = self.model.arch.vocab_size as i32;
        if let Some(&bad) = ids.iter().find(|&&i| i < 0 || i >= v) {
            return Err(err(format!(
                "ids: token index {bad} is out of range for vocabulary size {v}"
            )));
        }
        if let Some(&bad) = labels.iter().find(|&&y| !(0..2).contains(&y)) {
            return Err(err(format!("labels: {bad} is not 0 or 1")));
        }
        let samples = Samples {
            ids: ids.iter().map(|&i| i as u32).collect(),
            labels: labels.iter().map(|&y| y as usize).collect(),
        };
        self.infer_ids = samples.ids.clone();
        let cfg = TrainConfig {
            epochs: 10_000,
            batch_size: self.batch_size,
            validation_split: 0.0,
            seed: 42,
            early_stopping: None,
            fold: None,
        };
        self.trainer = Some(
            Trainer::new(
                &self.model,
                samples,
                Samples::default(),
                cfg,
                self.learning_rate,
            )
            .map_err(err)?,
        );
        Ok(())
    }

    /// Train `n` mini-batches through `Trainer::train_batches` (the page's
    /// path without the tokenizer); returns the last running mean loss.
    #[wasm_bindgen(js_name = trainBatches)]
    pub fn train_batches(&mut self, n: u32) -> Result<f64, JsError> {
        let tr = self
            .trainer
            .as_mut()
            .ok_or_else(|| err("call setData first"))?;
        let mut left = n as usize;
        let mut loss = f64::NAN;
        while left > 0 {
            let before = tr.progress().samples_seen;
            let p = tr.train_batches(&mut self.model, left).map_err(err)?;
            let done = (p.samples_seen - before).div_ceil(self.batch_size).max(1);
            left = left.saturating_sub(done);
            loss = p.loss;
            if p.done || p.diverged {
                return Err(err("training ended (epoch limit or divergence)"));
            }
        }
        Ok(loss)
    }

    /// Forward `n` inference batches of `inferBatch` samples (cycling through
    /// the data); returns the sum of the probabilities (a checksum).
    #[wasm_bindgen(js_name = predictBatches)]
    pub fn predict_batches(&mut self, n: u32) -> Result<f64, JsError> {
        let l = self.model.arch.max_len;
        let total = self.infer_ids.len() / l;
        let b = self.ws.capacity;
        if total < b {
            return Err(err(format!(
                "setData needs at least inferBatch ({b}) samples, got {total}"
            )));
        }
        let mut sum = 0.0;
        let mut start = 0;
        for _ in 0..n {
            if start + b > total {
                start = 0;
            }
            self.model
                .forward(
                    &self.infer_ids[start * l..(start + b) * l],
                    b,
                    &mut self.ws,
                    None,
                )
                .map_err(err)?;
            sum += self.ws.probs[..b].iter().map(|p| p.to_f64()).sum::<f64>();
            start += b;
        }
        Ok(sum)
    }

    /// Trainable parameters.
    #[wasm_bindgen(js_name = paramCount)]
    pub fn param_count(&self) -> u32 {
        self.model.param_count() as u32
    }
}

/// The Conv1D GEMMs of one sample of the seed model: the forward as the
/// model runs it, one `gemm_nn_lda(T, F, k·E, lda = E)` over overlapping
/// windows (`2·T·F·k·E` FLOPs), and per kernel offset the dense backward's
/// weight gradient `gemm_tn(E, F, T)` and input gradient `gemm_nt(T, E, F)`
/// (`2·T·F·E` each; the model's own backward is sparse and runs neither).
#[wasm_bindgen]
pub struct KernelBench {
    t: usize,
    f: usize,
    e: usize,
    k: usize,
    x: Vec<f32>,
    w: Vec<f32>,
    y: Vec<f32>,
    dw: Vec<f32>,
    dx: Vec<f32>,
}

#[wasm_bindgen]
impl KernelBench {
    /// `new KernelBench(T, F, E, k)`, buffers filled with small values.
    #[wasm_bindgen(constructor)]
    pub fn new(t: u32, f: u32, e: u32, k: u32) -> Result<KernelBench, JsError> {
        let (t, f, e, k) = (t as usize, f as usize, e as usize, k as usize);
        if t == 0 || f == 0 || e == 0 || k == 0 || k > 64 || t * f > 1 << 24 {
            return Err(err(
                "KernelBench: T, F, E, k must be at least 1 (k at most 64, T·F at most 2^24)",
            ));
        }
        let fill = |n: usize, s: f32| {
            (0..n)
                .map(|i| ((i % 7) as f32 - 3.0) * s)
                .collect::<Vec<f32>>()
        };
        let l = t + k - 1;
        Ok(KernelBench {
            t,
            f,
            e,
            k,
            x: fill(l * e, 0.01),
            w: fill(k * e * f, 0.02),
            y: fill(t * f, 0.001),
            dw: vec![0.0; e * f],
            dx: vec![0.0; t * e],
        })
    }

    /// FLOPs of one call of `shape`: `2·T·F·k·E` for 0, `2·T·F·E` for 1 and 2.
    #[wasm_bindgen(js_name = flopsPerCall)]
    pub fn flops_per_call(&self, shape: u32) -> f64 {
        let k = if shape == 0 { self.k } else { 1 };
        2.0 * (self.t * self.f * self.e * k) as f64
    }

    /// Run `shape` (0 = forward gemm_nn_lda, 1 = dW gemm_tn, 2 = dX gemm_nt)
    /// `reps` times, accumulating into the same output (values grow linearly
    /// with `reps`, far from overflow); returns a checksum.
    pub fn run(&mut self, shape: u32, reps: u32) -> Result<f32, JsError> {
        let (t, f, e) = (self.t, self.f, self.e);
        for _ in 0..reps {
            match shape {
                0 => f32::gemm_nn_lda(t, f, self.k * e, &self.x, e, &self.w, &mut self.y),
                1 => f32::gemm_tn(e, f, t, &self.x, &self.y, &mut self.dw),
                2 => f32::gemm_nt(t, e, f, &self.y, &self.w, &mut self.dx),
                _ => return Err(err(format!("shape must be 0, 1 or 2, got {shape}"))),
            }
        }
        Ok(self.y[0] + self.dw[0] + self.dx[0])
    }
}

/// `iters` iterations of the SIMD multiply-add peak loop (see
/// `kernels::simd128::madd_peak_probe`); returns its lane sum.
#[wasm_bindgen(js_name = maddPeakProbe)]
pub fn madd_peak_probe(iters: u32) -> Result<f32, JsError> {
    #[cfg(target_feature = "simd128")]
    {
        Ok(crate::kernels::simd128::madd_peak_probe(iters))
    }
    #[cfg(not(target_feature = "simd128"))]
    {
        let _ = iters;
        Err(err("maddPeakProbe: this build has no WASM SIMD"))
    }
}

/// FLOPs per iteration of `maddPeakProbe`.
#[wasm_bindgen(js_name = maddPeakFlopsPerIter)]
pub fn madd_peak_flops_per_iter() -> f64 {
    #[cfg(target_feature = "simd128")]
    {
        crate::kernels::simd128::MADD_PEAK_FLOPS_PER_ITER as f64
    }
    #[cfg(not(target_feature = "simd128"))]
    {
        0.0
    }
}

/// Bytes of this module's linear memory (it only grows, so this is the peak).
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}
