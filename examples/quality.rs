//! Quality bar: train the text classifier with default settings on a
//! labelled file and print validation accuracy, macro F1, time and speed.
//!
//! `cargo run --release --example quality -- /path/to/data.tsv [key=value ...]`
//!
//! Optional overrides, for investigating (the quality bar uses none):
//! `epochs=N seed=N patience=N dropout=R maxLen=N lr=R vocab=N kernel=N
//! filters=N embed=N`, and `splitOut=PATH` writes the validation split's line
//! indices (0-based, one per line) for scoring a baseline on the same split
//! (`scripts/baseline_lr.py`).

use nn_playground::classifier::{ClassifierConfig, EarlyStopping, TextClassifier, TrainConfig};
use nn_playground::text::{parse_dataset, DatasetOptions};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: quality <data.tsv> [epochs]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let data = parse_dataset(&text, &DatasetOptions::default()).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let mut train = TrainConfig::default();
    let mut config = ClassifierConfig::default();
    let mut split_out = None;
    for kv in &args[2..] {
        let (k, v) = kv.split_once('=').expect("key=value");
        match k {
            "epochs" => train.epochs = v.parse().expect("epochs"),
            "seed" => {
                train.seed = v.parse().expect("seed");
                config.seed = train.seed;
            }
            "patience" => {
                train.early_stopping = Some(EarlyStopping {
                    patience: v.parse().expect("patience"),
                    ..Default::default()
                })
            }
            "dropout" => config.dropout = v.parse().expect("dropout"),
            "maxLen" => config.max_len = v.parse().expect("maxLen"),
            "lr" => config.learning_rate = v.parse().expect("lr"),
            "vocab" => config.vocab_size = v.parse().expect("vocab"),
            "kernel" => config.kernel_size = v.parse().expect("kernel"),
            "filters" => config.filters = v.parse().expect("filters"),
            "embed" => config.embedding_dim = v.parse().expect("embed"),
            "splitOut" => split_out = Some(v.to_string()),
            _ => panic!("unknown option {k}"),
        }
    }
    println!(
        "{path}: {} examples, {} rejected lines, labels {:?}",
        data.len(),
        data.rejected.len(),
        data.label_counts
    );
    let mut clf = TextClassifier::new(config).expect("config");
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
        .expect("fit");
    let secs = t0.elapsed().as_secs_f64();
    let r = clf.validation_report().expect("report");
    println!(
        "{path}: val accuracy {:.4}, macro F1 {:.4}, {} epochs, {:.1}s, {:.0} training samples/s (incl. validation passes), bigram channel {}",
        r.accuracy,
        r.macro_f1,
        history.len(),
        secs,
        samples as f64 / secs,
        if clf.model().is_some_and(|m| m.arch.bigrams) { "on" } else { "off" }
    );
    if let Some(p) = split_out {
        let lines: Vec<String> = clf
            .validation_indices()
            .iter()
            .map(|i| i.to_string())
            .collect();
        std::fs::write(&p, lines.join("\n") + "\n").unwrap_or_else(|e| panic!("{p}: {e}"));
    }
}
