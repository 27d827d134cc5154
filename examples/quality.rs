//! Quality bar: train the text classifier with default settings on a
//! labelled file and print validation accuracy, macro F1, time and speed.
//!
//! `cargo run --release --example quality -- /path/to/data.tsv [key=value ...]`
//!
//! `seeds=1-11,42` runs once per seed (each seed picks the validation split,
//! the initial weights and the shuffling) and ends with the mean, standard
//! deviation and range of the validation accuracy: the way README "Quality"
//! states the Chinese figure. Without it one run with seed 42 (the default).
//!
//! Optional overrides, for investigating (the quality bar uses none):
//! `epochs=N batch=N seed=N patience=N|none dropout=R maxLen=N lr=R vocab=N kernel=N
//! filters=N embed=N tokenization=auto|words|chars bag=on|off`; `folds=K` runs a
//! stratified K-fold cross-validation per seed instead of one split (every
//! example validated once; prints the pooled accuracy and its 95 %
//! interval); `splitSeed=N` keeps seed N's validation split and shuffling while `seeds=` then varies only
//! the initial weights (how much of the spread is the initialisation); and
//! `splitOut=PATH` writes the validation split's line indices (0-based, one
//! per line) for scoring a baseline on the same split
//! (`scripts/baseline_lr.py`; with `seeds=` the seed is appended to PATH).

use nn_playground::classifier::metrics::{wilson_interval, Report, Z_95};
use nn_playground::classifier::{
    ClassifierConfig, EarlyStopping, Fold, TextClassifier, TrainConfig,
};
use nn_playground::text::{parse_dataset, DatasetOptions, ParsedDataset};
use std::time::Instant;

fn fail(msg: String) -> ! {
    eprintln!("{msg}");
    std::process::exit(2)
}

/// `"1-3,42"` -> `[1, 2, 3, 42]`.
fn parse_seeds(v: &str) -> Vec<u64> {
    let num = |s: &str| {
        s.trim()
            .parse::<u64>()
            .unwrap_or_else(|_| fail(format!("seeds: bad number {s:?}")))
    };
    let mut out = Vec::new();
    for part in v.split(',') {
        match part.split_once('-') {
            Some((a, b)) => out.extend(num(a)..=num(b)),
            None => out.push(num(part)),
        }
    }
    if out.is_empty() {
        fail("seeds: no seed given".into());
    }
    out
}

fn run_once(
    path: &str,
    data: &ParsedDataset,
    mut config: ClassifierConfig,
    mut train: TrainConfig,
    seed: u64,
    split_seed: Option<u64>,
    split_out: Option<&str>,
) -> Report {
    train.seed = split_seed.unwrap_or(seed);
    config.seed = seed;
    let mut clf = TextClassifier::new(config).unwrap_or_else(|e| fail(format!("config: {e}")));
    let t0 = Instant::now();
    let mut samples = 0;
    let history = clf
        .fit(&data.texts, &data.labels, train, |p| {
            samples = p.samples_seen;
            if let Some(e) = &p.epoch_end {
                println!(
                    "epoch {:>2}: loss {:.4} acc {:.4} val_loss {:.4} val_acc {:.4}  ({:.1}s)",
                    e.epoch,
                    e.loss,
                    e.accuracy,
                    e.val_loss.unwrap_or(f64::NAN),
                    e.val_accuracy.unwrap_or(f64::NAN),
                    t0.elapsed().as_secs_f64()
                );
            }
            true
        })
        .unwrap_or_else(|e| fail(format!("fit: {e}")));
    let secs = t0.elapsed().as_secs_f64();
    let r = clf
        .validation_report()
        .unwrap_or_else(|e| fail(format!("report: {e}")));
    println!(
        "{path}: seed {seed}: val accuracy {:.4} (95 % interval {:.3}-{:.3}), macro F1 {:.4}, {} epochs, {:.1}s, {:.0} training samples/s (incl. validation passes), bigram channel {}, bag of tokens {}",
        r.accuracy,
        r.accuracy_interval[0],
        r.accuracy_interval[1],
        r.macro_f1,
        history.len(),
        secs,
        samples as f64 / secs,
        if clf.model().is_some_and(|m| m.arch.bigrams) { "on" } else { "off" },
        if clf.model().is_some_and(|m| m.arch.bag_of_tokens) { "on" } else { "off" }
    );
    if let Some(o) = r.overlap.as_ref().filter(|o| o.seen_in_training > 0) {
        println!(
            "  {} validation examples have the same input as a training example; on the other {}: accuracy {}",
            o.seen_in_training,
            o.unseen,
            o.unseen_accuracy.map_or("-".into(), |a| format!("{a:.4}"))
        );
    }
    if let Some(p) = split_out {
        let lines: Vec<String> = clf
            .validation_indices()
            .iter()
            .map(|i| i.to_string())
            .collect();
        std::fs::write(p, lines.join("\n") + "\n").unwrap_or_else(|e| fail(format!("{p}: {e}")));
    }
    r
}

/// `folds` runs of one seed, fold 0..folds held out in turn: every example
/// is validated once. Prints and returns the pooled accuracy.
fn cross_validate(
    path: &str,
    data: &ParsedDataset,
    config: &ClassifierConfig,
    train: &TrainConfig,
    seed: u64,
    folds: usize,
) -> f64 {
    let (mut hits, mut n, mut per_fold) = (0usize, 0usize, Vec::new());
    for index in 0..folds {
        let t = TrainConfig {
            fold: Some(Fold { k: folds, index }),
            ..train.clone()
        };
        let r = run_once(path, data, config.clone(), t, seed, None, None);
        let size: usize = r.per_class.iter().map(|c| c.support).sum();
        hits += size - r.misclassified_count;
        n += size;
        per_fold.push(format!("{:.1}", 100.0 * r.accuracy));
    }
    let acc = hits as f64 / n as f64;
    let [lo, hi] = wilson_interval(hits, n, Z_95);
    println!(
        "{path}: seed {seed}: {folds}-fold cross-validation: accuracy {:.2} % over all {n} examples (95 % interval {:.1}-{:.1}); folds {}",
        100.0 * acc,
        100.0 * lo,
        100.0 * hi,
        per_fold.join(" ")
    );
    acc
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        fail("usage: quality <data.tsv> [seeds=1-11,42] [key=value ...]".into());
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(format!("{path}: {e}")));
    let data = parse_dataset(&text, &DatasetOptions::default())
        .unwrap_or_else(|e| fail(format!("{path}: {e}")));
    let mut train = TrainConfig::default();
    let mut config = ClassifierConfig::default();
    let mut split_out = None;
    let mut seeds = None;
    let mut split_seed = None;
    let mut folds = None;
    for kv in &args[2..] {
        let (k, v) = kv
            .split_once('=')
            .unwrap_or_else(|| fail(format!("{kv}: expected key=value")));
        let parse = |what: &str| -> f64 {
            v.parse()
                .unwrap_or_else(|_| fail(format!("{what}: bad value {v:?}")))
        };
        match k {
            "epochs" => train.epochs = parse(k) as usize,
            "batch" => train.batch_size = parse(k) as usize,
            "seed" => seeds = Some(vec![parse(k) as u64]),
            "seeds" => seeds = Some(parse_seeds(v)),
            "splitSeed" => split_seed = Some(parse(k) as u64),
            "folds" => folds = Some(parse(k) as usize),
            "patience" if v == "none" => train.early_stopping = None,
            "patience" => {
                train.early_stopping = Some(EarlyStopping {
                    patience: parse(k) as usize,
                    ..Default::default()
                })
            }
            "dropout" => config.dropout = parse(k),
            "maxLen" => config.max_len = parse(k) as usize,
            "lr" => config.learning_rate = parse(k),
            "vocab" => config.vocab_size = parse(k) as usize,
            "kernel" => config.kernel_size = parse(k) as usize,
            "filters" => config.filters = parse(k) as usize,
            "embed" => config.embedding_dim = parse(k) as usize,
            "bag" => {
                config.bag_of_tokens = match v {
                    "on" => true,
                    "off" => false,
                    _ => fail(format!("bag must be on or off, got {v}")),
                }
            }
            "tokenization" => {
                config.tokenization = serde_json::from_value(serde_json::Value::String(v.into()))
                    .unwrap_or_else(|e| fail(format!("tokenization: {e}")))
            }
            "splitOut" => split_out = Some(v.to_string()),
            _ => fail(format!("unknown option {k}")),
        }
    }
    println!(
        "{path}: {} examples, {} rejected lines, labels {:?}",
        data.len(),
        data.rejected.len(),
        data.label_counts
    );
    let many = seeds.as_ref().is_some_and(|s| s.len() > 1);
    let seeds = seeds.unwrap_or_else(|| vec![train.seed]);
    let mut accs = Vec::new();
    if let Some(k) = folds {
        if split_out.is_some() || split_seed.is_some() {
            fail("folds= does not combine with splitOut= or splitSeed=".into());
        }
        for &seed in &seeds {
            accs.push(cross_validate(path, &data, &config, &train, seed, k));
        }
    }
    for &seed in seeds.iter().filter(|_| folds.is_none()) {
        let out = split_out.as_ref().map(|p| {
            if many {
                format!("{p}{seed}")
            } else {
                p.clone()
            }
        });
        accs.push(
            run_once(
                path,
                &data,
                config.clone(),
                train.clone(),
                seed,
                split_seed,
                out.as_deref(),
            )
            .accuracy,
        );
    }
    if many {
        let n = accs.len() as f64;
        let mean = accs.iter().sum::<f64>() / n;
        let sd = (accs.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let (lo, hi) = accs
            .iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), &a| (lo.min(a), hi.max(a)));
        println!(
            "{path}: mean val accuracy {:.2} % over {} seeds (sd {:.2}, range {:.1}-{:.1})",
            100.0 * mean,
            accs.len(),
            100.0 * sd,
            100.0 * lo,
            100.0 * hi
        );
    }
}
