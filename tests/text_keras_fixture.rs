//! Our tokenizer and pad_sequences against keras-preprocessing 1.1.2 (the
//! code behind tf.keras.preprocessing). Expected values come from
//! tests/fixtures/keras_text.json, written by tests/fixtures/gen_keras_text.py.

use nn_playground::text::{pad_sequences, PadConfig, Padding, Tokenizer, TokenizerConfig, Truncating};
use serde_json::Value;

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/keras_text.json")).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

fn config_from(kwargs: &Value) -> TokenizerConfig {
    let mut c = TokenizerConfig::default();
    if let Some(n) = kwargs.get("num_words") {
        c.num_words = Some(n.as_u64().unwrap() as usize);
    }
    if let Some(o) = kwargs.get("oov_token") {
        c.oov_token = Some(o.as_str().unwrap().to_string());
    }
    if let Some(l) = kwargs.get("lower") {
        c.lower = l.as_bool().unwrap();
    }
    c
}

#[test]
fn text_to_word_sequence_matches_keras() {
    let f = fixture();
    let tok = Tokenizer::new(TokenizerConfig::default()).unwrap();
    let cases = f["text_to_word_sequence"].as_array().unwrap();
    assert!(cases.len() >= 16);
    for case in cases {
        let text = case[0].as_str().unwrap();
        assert_eq!(tok.tokenize(text), strings(&case[1]), "text {text:?}");
    }
}

#[test]
fn fit_and_sequences_match_keras() {
    let f = fixture();
    let corpus = strings(&f["corpus"]);
    let probes = strings(&f["probes"]);
    for case in f["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let mut tok = Tokenizer::new(config_from(&case["kwargs"])).unwrap();
        tok.fit_on_texts(&corpus);
        let expected_index: Vec<(String, u32)> = case["word_index"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_u64().unwrap() as u32))
            .collect();
        let ours: Vec<(String, u32)> = tok.word_index_sorted().into_iter().map(|(w, i)| (w.to_string(), i)).collect();
        assert_eq!(ours, expected_index, "word_index, case {name}");
        let expected_counts: Vec<(String, u64)> = case["word_counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_u64().unwrap()))
            .collect();
        assert_eq!(tok.word_counts(), expected_counts.as_slice(), "word_counts, case {name}");
        let expected_seqs: Vec<Vec<u32>> = serde_json::from_value(case["sequences"].clone()).unwrap();
        assert_eq!(tok.texts_to_sequences(&probes), expected_seqs, "sequences, case {name}");
        let texts: Vec<String> = expected_seqs.iter().map(|s| tok.sequence_to_text(s)).collect();
        assert_eq!(texts, strings(&case["texts"]), "sequences_to_texts, case {name}");
    }
}

#[test]
fn pad_sequences_matches_keras() {
    let f = fixture();
    let seqs: Vec<Vec<u32>> = serde_json::from_value(f["sequences_for_pad"].clone()).unwrap();
    let cases = f["pad"].as_array().unwrap();
    assert_eq!(cases.len(), 32);
    for case in cases {
        let side = |v: &Value| v.as_str().unwrap() == "post";
        let cfg = PadConfig {
            maxlen: case["maxlen"].as_u64().map(|m| m as usize),
            padding: if side(&case["padding"]) { Padding::Post } else { Padding::Pre },
            truncating: if side(&case["truncating"]) { Truncating::Post } else { Truncating::Pre },
            value: case["value"].as_u64().unwrap() as u32,
        };
        let expected: Vec<Vec<u32>> = serde_json::from_value(case["result"].clone()).unwrap();
        let ours = pad_sequences(&seqs, &cfg).unwrap();
        let rows: Vec<Vec<u32>> = ours.outer_iter().map(|r| r.to_vec()).collect();
        assert_eq!(rows, expected, "{cfg:?}");
    }
}

/// Our JSON export is pinned by tests/fixtures/ours_tokenizer.json, which
/// gen_keras_text.py loads with Keras' `tokenizer_from_json` (checked when the
/// fixture was made: Keras' sequences for the probes equal ours below).
#[test]
fn to_json_is_pinned_and_round_trips() {
    let f = fixture();
    let corpus = strings(&f["corpus"]);
    let probes = strings(&f["probes"]);
    let mut tok = Tokenizer::new(TokenizerConfig { num_words: Some(5), oov_token: Some("<OOV>".into()), ..Default::default() }).unwrap();
    tok.fit_on_texts(&corpus);
    let json = tok.to_json();
    assert_eq!(json, include_str!("fixtures/ours_tokenizer.json").trim_end());
    let back = Tokenizer::from_json(&json).unwrap();
    assert_eq!(back.texts_to_sequences(&probes), tok.texts_to_sequences(&probes));
    assert_eq!(back, tok);
}

/// A file written by Keras' own `tokenizer.to_json()` (num_words=5,
/// oov_token="<OOV>") loads and gives Keras' sequences.
#[test]
fn reads_keras_to_json() {
    let f = fixture();
    let probes = strings(&f["probes"]);
    let tok = Tokenizer::from_json(include_str!("fixtures/keras_tokenizer.json")).unwrap();
    let case = f["cases"].as_array().unwrap().iter().find(|c| c["name"] == "num_words_5_oov").unwrap().clone();
    let expected: Vec<Vec<u32>> = serde_json::from_value(case["sequences"].clone()).unwrap();
    assert_eq!(tok.texts_to_sequences(&probes), expected);
    assert_eq!(tok.config().num_words, Some(5));
    assert_eq!(tok.document_count(), 4);
    assert_eq!(tok.word_counts()[0], ("the".to_string(), 5));
}
