//! A training step allocates nothing: buffers are sized once per model and
//! batch size (the `Workspace`, the gradients, the optimiser slots, the
//! trainer's batch buffers) and reused.
//!
//! A counting global allocator wraps `System` and counts the allocations
//! (alloc, alloc_zeroed, realloc) made by the current thread while counting is
//! switched on. After one warm-up step (the optimiser creates its Adam slots
//! on first use), further steps must allocate zero times, through the
//! model-level step (forward, loss, backward, Adam) and through
//! `Trainer::train_batches` (the page's path without the tokenizer),
//! including epoch ends (shuffle, validation, best-weights snapshot).

use nn_playground::classifier::model::{Architecture, TextCnn};
use nn_playground::classifier::train::{Samples, TrainConfig, Trainer};
use nn_playground::optim::{AdamConfig, Optimizer, OptimizerConfig};
use nn_playground::rng::Rng;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ON: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn note() {
    // try_with: the thread-local may be gone while a thread shuts down.
    let _ = ON.try_with(|on| {
        if on.get() {
            let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        }
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        note();
        System.alloc(l)
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        note();
        System.alloc_zeroed(l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        note();
        System.realloc(p, l, n)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l)
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Allocations made by this thread while running `f`.
fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    COUNT.with(|c| c.set(0));
    ON.with(|o| o.set(true));
    let r = f();
    ON.with(|o| o.set(false));
    (COUNT.with(|c| c.get()), r)
}

fn arch(classes: usize, dropout: f64) -> Architecture {
    Architecture {
        vocab_size: 300,
        max_len: 20,
        embedding_dim: 8,
        filters: 16,
        kernel_size: 3,
        dropout,
        classes,
        bigrams: false,
        bag_of_tokens: false,
    }
}

fn samples(n: usize, a: &Architecture, seed: u64) -> Samples {
    let mut r = Rng::new(seed);
    Samples {
        ids: (0..n * a.ids_len())
            .map(|_| r.below(a.vocab_size) as u32)
            .collect(),
        labels: (0..n).map(|_| r.below(a.classes)).collect(),
    }
}

/// The counter itself works (else a zero below would prove nothing).
#[test]
fn the_counter_sees_allocations() {
    let (n, v) = allocations(|| vec![1u8; 100]);
    assert_eq!(n, 1);
    assert_eq!(v.len(), 100);
}

/// forward + loss + zero grads + backward + Adam over the five tensors.
#[test]
fn model_level_training_steps_allocate_nothing() {
    // The last case has the bigram channel (two ids per position).
    for (classes, dropout, bigrams) in [
        (2, 0.0, false),
        (2, 0.5, false),
        (4, 0.0, false),
        (4, 0.25, false),
        (2, 0.0, true),
    ] {
        let a = Architecture {
            bigrams,
            bag_of_tokens: false,
            ..arch(classes, dropout)
        };
        let mut model = TextCnn::<f32>::new(a.clone(), 7).unwrap();
        let batch = 8;
        let data = samples(batch * 4, &a, 3);
        let mut ws = model.workspace(batch);
        let mut grads = model.grads();
        let mut opt = Optimizer::<f32>::new(OptimizerConfig::Adam(AdamConfig::default())).unwrap();
        let mut rng = Rng::new(5);
        let l = a.ids_len();
        let mut step = |i: usize, model: &mut TextCnn<f32>| -> f64 {
            let s = (i % 4) * batch;
            let ids = &data.ids[s * l..(s + batch) * l];
            model.forward(ids, batch, &mut ws, Some(&mut rng)).unwrap();
            let st = model.loss(&data.labels[s..s + batch], &mut ws).unwrap();
            grads.zero();
            model.backward(ids, batch, &mut ws, &mut grads).unwrap();
            opt.begin_step();
            let gs: [&[f32]; 5] = [
                &grads.embedding.dw,
                &grads.conv.dw,
                &grads.conv.db,
                &grads.dense.dw,
                &grads.dense.db,
            ];
            for (slot, (p, g)) in model.tensors_mut().into_iter().zip(gs).enumerate() {
                opt.update(slot, p, g).unwrap();
            }
            st.loss
        };
        let first = step(0, &mut model);
        let (n, last) = allocations(|| {
            let mut last = 0.0;
            for i in 1..=12 {
                last = step(i, &mut model);
            }
            last
        });
        assert_eq!(
            n, 0,
            "classes {classes}, dropout {dropout}, bigrams {bigrams}: 12 training steps allocated {n} times"
        );
        assert!(
            first.is_finite() && last.is_finite() && last != first,
            "the steps did train: {first} -> {last}"
        );
    }
}

/// `Trainer::train_batches` one batch at a time, across several epoch ends
/// (3 batches per epoch, the last one smaller; validation each epoch).
#[test]
fn trainer_batches_allocate_nothing_across_epochs() {
    for (classes, bigrams) in [(2, false), (3, false), (2, true)] {
        let a = Architecture {
            bigrams,
            bag_of_tokens: false,
            ..arch(classes, 0.1)
        };
        let mut model = TextCnn::<f32>::new(a.clone(), 11).unwrap();
        let cfg = TrainConfig {
            epochs: 50,
            batch_size: 10,
            validation_split: 0.0,
            seed: 1,
            early_stopping: None,
            fold: None,
        };
        let mut tr =
            Trainer::new(&model, samples(27, &a, 2), samples(9, &a, 4), cfg, 0.01).unwrap();
        tr.train_batches(&mut model, 1).unwrap();
        let (n, p) = allocations(|| {
            let mut p = None;
            for _ in 0..20 {
                p = Some(tr.train_batches(&mut model, 1).unwrap());
            }
            p.unwrap()
        });
        assert_eq!(
            n, 0,
            "classes {classes}, bigrams {bigrams}: 20 Trainer batches allocated {n} times"
        );
        assert_eq!(
            p.samples_seen,
            7 * 27,
            "21 batches = 7 epochs of 27 samples"
        );
        assert_eq!(tr.history().len(), 7);
        assert!(!p.done && !p.diverged);
    }
}
