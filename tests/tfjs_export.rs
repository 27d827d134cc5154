//! Export -> TensorFlow.js: write model.json + weights for a trained model,
//! load them with `tf.loadLayersModel` in Node (tests/tfjs_load/check.mjs)
//! and require TF.js' predictions to match ours to 1e-5. Also export ->
//! import in Rust gives identical predictions.
//!
//! Skips (with a printed notice) when `node` or node_modules/@tensorflow/tfjs
//! is missing (run `npm ci`).

use nn_playground::classifier::{ClassifierConfig, TextClassifier, TrainConfig};
use std::path::{Path, PathBuf};
use std::process::Command;

fn data(classes: usize) -> (Vec<String>, Vec<String>) {
    let words = [
        "alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta",
    ];
    let mut t = Vec::new();
    let mut l = Vec::new();
    for i in 0..120usize {
        let c = i % classes;
        let mut s = String::new();
        for j in 0..(3 + i % 7) {
            s.push_str(words[(i * 7 + j * 3) % words.len()]);
            s.push(' ');
        }
        s.push_str(&format!("marker{c}"));
        t.push(s);
        l.push(format!("class{c}"));
    }
    (t, l)
}

/// Chinese texts: Auto tokenization turns the bigram channel on (two ids per
/// position; exported as a `Conv1D` with `strides: [2]`).
fn data_zh(classes: usize) -> (Vec<String>, Vec<String>) {
    let chars: Vec<char> = "我喜欢这本书房间很干净服务态度不错价格便宜"
        .chars()
        .collect();
    let markers = ["好极了", "太差劲", "一般般", "还可以"];
    let mut t = Vec::new();
    let mut l = Vec::new();
    for i in 0..120usize {
        let c = i % classes;
        let mut s: String = (0..(4 + i % 9))
            .map(|j| chars[(i * 5 + j * 3) % chars.len()])
            .collect();
        s.push('，');
        s.push_str(markers[c]);
        t.push(s);
        l.push(format!("class{c}"));
    }
    (t, l)
}

/// `(classes, dropout, chinese, bag)` cases: word models, the bigram
/// channel, and the bag-of-tokens branch (a functional model in TF.js).
const CASES: [(usize, f64, bool, bool); 6] = [
    (2, 0.0, false, false),
    (3, 0.3, false, false),
    (2, 0.0, true, false),
    (4, 0.5, true, false),
    (2, 0.0, false, true),
    (3, 0.3, true, true),
];

fn texts(classes: usize, chinese: bool) -> (Vec<String>, Vec<String>) {
    if chinese {
        data_zh(classes)
    } else {
        data(classes)
    }
}

fn trained_on(classes: usize, dropout: f64, chinese: bool, bag: bool) -> TextClassifier {
    let cfg = ClassifierConfig {
        vocab_size: 50,
        max_len: 12,
        embedding_dim: 6,
        filters: 10,
        kernel_size: 3,
        dropout,
        learning_rate: 0.01,
        bag_of_tokens: bag,
        ..Default::default()
    };
    let mut c = TextClassifier::new(cfg).unwrap();
    let (t, l) = texts(classes, chinese);
    c.fit(
        &t,
        &l,
        TrainConfig {
            epochs: 3,
            batch_size: 16,
            ..Default::default()
        },
        |_| true,
    )
    .unwrap();
    let m = c.model().unwrap();
    assert_eq!(m.arch.bigrams, chinese);
    assert_eq!(m.arch.bag_of_tokens, bag);
    // Trained: the bag weights moved off zero.
    assert_eq!(m.bag.iter().any(|&w| w != 0.0), bag);
    c
}

fn tfjs_available(root: &Path) -> bool {
    let node = Command::new("node")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    let tfjs = root
        .join("node_modules/@tensorflow/tfjs/package.json")
        .exists();
    if !node || !tfjs {
        println!("NOTICE: skipping the TF.js load check: node {} / node_modules/@tensorflow/tfjs {} (run `npm ci`)",
            if node { "found" } else { "missing" }, if tfjs { "found" } else { "missing" });
    }
    node && tfjs
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("nnp-tfjs-export-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn export_import_gives_identical_predictions() {
    for (classes, dropout, chinese, bag) in CASES {
        let mut c = trained_on(classes, dropout, chinese, bag);
        let x = c.export_model().unwrap();
        let mut d =
            TextClassifier::import_model(&x.model_json, &x.weights_bin, &x.tokenizer_json).unwrap();
        assert_eq!(d.model().unwrap().arch, c.model().unwrap().arch);
        let (texts, _) = texts(classes, chinese);
        assert_eq!(
            c.predict_proba(&texts).unwrap(),
            d.predict_proba(&texts).unwrap()
        );
        // The JSON files survive a text round trip too.
        let mj: serde_json::Value = serde_json::from_str(&x.model_json.to_string()).unwrap();
        let tj: serde_json::Value = serde_json::from_str(&x.tokenizer_json.to_string()).unwrap();
        let mut e = TextClassifier::import_model(&mj, &x.weights_bin, &tj).unwrap();
        assert_eq!(
            c.predict_proba(&texts[..5]).unwrap(),
            e.predict_proba(&texts[..5]).unwrap()
        );
    }
}

#[test]
fn tfjs_loads_the_export_and_agrees() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if !tfjs_available(&root) {
        return;
    }
    for (classes, dropout, chinese, bag) in CASES {
        let c = trained_on(classes, dropout, chinese, bag);
        let x = c.export_model().unwrap();
        let dir = temp_dir(&format!("{classes}-{chinese}-{bag}"));
        std::fs::write(dir.join("model.json"), x.model_json.to_string()).unwrap();
        std::fs::write(dir.join("group1-shard1of1.bin"), &x.weights_bin).unwrap();
        // Our raw model outputs (sigmoid column or softmax row) for real sequences.
        let (texts, _) = texts(classes, chinese);
        let ids = c.sequences(&texts[..40]);
        let model = c.model().unwrap();
        let mut ws = model.workspace(40);
        model.forward(&ids, 40, &mut ws, None).unwrap();
        let u = model.arch.units();
        let l = model.arch.ids_len();
        let rows: Vec<Vec<u32>> = ids.chunks(l).map(|r| r.to_vec()).collect();
        let outs: Vec<Vec<f32>> = ws.probs[..40 * u].chunks(u).map(|r| r.to_vec()).collect();
        let inputs = serde_json::json!({"ids": rows, "outputs": outs});
        std::fs::write(dir.join("inputs.json"), inputs.to_string()).unwrap();
        let out = Command::new("node")
            .arg(root.join("tests/tfjs_load/check.mjs"))
            .arg(&dir)
            .current_dir(&root)
            .output()
            .unwrap();
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        println!("{log}");
        assert!(
            out.status.success(),
            "check.mjs failed for {classes} classes, bag {bag}:\n{log}"
        );
        assert!(log.contains("max |tfjs - ours|"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
