//! The TextClassifier binding in the browser (`wasm-pack test --headless
//! --chrome`): parse labelled text, train a tiny classifier step by step and
//! with fit + onBatch cancellation, predict, explain, tokenize, export and
//! import, and errors surfacing as JS errors.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Reflect, JSON};
use nn_playground::wasm::classifier::{parse_labelled, TextClassifier};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(s: &str) -> JsValue {
    JSON::parse(s).unwrap()
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

fn num(v: &JsValue, k: &str) -> f64 {
    get(v, k)
        .as_f64()
        .unwrap_or_else(|| panic!("{k} is not a number"))
}

/// 80 lines of TSV: "pos" texts contain "good", "neg" texts contain "bad",
/// at varying places among filler words.
fn tsv() -> String {
    let fill = [
        "the movie",
        "a plot",
        "some actors",
        "this film",
        "an ending",
    ];
    let mut s = String::new();
    for i in 0..80 {
        let (label, word) = if i % 2 == 0 {
            ("pos", "good")
        } else {
            ("neg", "bad")
        };
        let (a, b) = (fill[i % 5], fill[(i / 2) % 5]);
        let text = match i % 3 {
            0 => format!("{a} was {word} {b}"),
            1 => format!("{word} {a} was {b}"),
            _ => format!("{a} {b} was {word}"),
        };
        s.push_str(&format!("{label}\t{text}\n"));
    }
    s.push_str("this line has no tab\n");
    s
}

fn small_options() -> JsValue {
    js(
        r#"{"vocabSize": 100, "maxLen": 10, "embeddingDim": 8, "filters": 8, "kernelSize": 3, "learningRate": 0.01, "seed": 1}"#,
    )
}

#[wasm_bindgen_test]
fn parse_train_predict_explain_export_import() {
    let data = parse_labelled(&tsv()).unwrap();
    assert_eq!(get(&data, "format").as_string().unwrap(), "tsv");
    let texts = get(&data, "texts");
    let labels = get(&data, "labels");
    assert_eq!(Array::from(&texts).length(), 80);
    let rejected = Array::from(&get(&data, "rejected"));
    assert_eq!(rejected.length(), 1);
    assert_eq!(num(&rejected.get(0), "line"), 81.0);

    let mut clf = TextClassifier::new(small_options()).unwrap();
    let plan = clf
        .prepare(
            texts.clone(),
            labels.clone(),
            js(r#"{"epochs": 6, "batchSize": 8, "validationSplit": 0.25, "seed": 3}"#),
        )
        .unwrap();
    assert_eq!(num(&plan, "trainSize"), 60.0);
    assert_eq!(num(&plan, "valSize"), 20.0);
    assert_eq!(num(&plan, "batchesPerEpoch"), 8.0);
    let mut steps = 0;
    loop {
        let p = clf.train_batches(1).unwrap();
        steps += 1;
        if get(&p, "done").as_bool().unwrap() {
            assert!(!get(&p, "diverged").as_bool().unwrap());
            break;
        }
    }
    assert_eq!(steps, 48);
    let history = Array::from(&clf.history().unwrap());
    assert_eq!(history.length(), 6);
    let last = history.get(5);
    assert!(
        num(&last, "valAccuracy") >= 0.95,
        "{:?}",
        JSON::stringify(&last).unwrap()
    );

    let p = clf.predict("the film was good").unwrap();
    assert_eq!(get(&p, "label").as_string().unwrap(), "pos");
    let e = clf.explain("the film was bad").unwrap();
    assert_eq!(get(&e, "label").as_string().unwrap(), "neg");
    // Which word gets most credit in a tiny trained model is not pinned
    // here (the native explain tests pin it on a hand-built model); the
    // binding must return one finite contribution per token, with the ids
    // that tokenize gives.
    let tokens = Array::from(&get(&e, "tokens"));
    assert_eq!(tokens.length(), 4);
    let texts: Vec<String> = (0..4)
        .map(|i| get(&tokens.get(i), "text").as_string().unwrap())
        .collect();
    assert_eq!(texts, ["the", "film", "was", "bad"]);
    assert!((0..4).all(|i| num(&tokens.get(i), "contribution").is_finite()));
    let ids: js_sys::Int32Array = get(&clf.tokenize("the film was bad").unwrap(), "ids")
        .dyn_into()
        .unwrap();
    assert_eq!(ids.get_index(9) as f64, num(&tokens.get(3), "id"));
    let t = clf.tokenize("Good!!").unwrap();
    let ids: js_sys::Int32Array = get(&t, "ids").dyn_into().unwrap();
    assert_eq!(ids.length(), 10);
    assert_eq!(num(&t, "padding"), 9.0);
    assert_eq!(num(&t, "slots"), 1.0);

    let report = clf.validation_report().unwrap();
    assert!(num(&report, "accuracy") >= 0.95);
    assert_eq!(Array::from(&get(&report, "confusion")).length(), 2);

    let files = clf.export_model().unwrap();
    assert_import_predicts_the_same(&mut clf, &files, "a plot was bad");
}

/// Import `files` (from `clf.export_model()`) and require the same
/// prediction for `text`.
fn assert_import_predicts_the_same(clf: &mut TextClassifier, files: &JsValue, text: &str) {
    let bin: js_sys::Uint8Array = get(files, "weightsBin").dyn_into().unwrap();
    let mut again = TextClassifier::import_model(
        get(files, "modelJson"),
        &bin.to_vec(),
        get(files, "tokenizerJson"),
    )
    .unwrap();
    let a = JSON::stringify(&clf.predict(text).unwrap()).unwrap();
    let b = JSON::stringify(&again.predict(text).unwrap()).unwrap();
    assert_eq!(a, b);
}

/// Chinese reviews: the bigram channel in the browser build. tokenize()
/// reports two ids per position, explain() credits the bigram tokens too,
/// and the strides-2 export imports back to the same predictions.
#[wasm_bindgen_test]
fn chinese_text_uses_the_bigram_channel() {
    let (pos, neg) = (
        ["质量很好", "非常满意", "很好用"],
        ["质量太差", "非常失望", "太差了"],
    );
    let mut s = String::new();
    for i in 0..60 {
        s.push_str(&format!("pos\t{}\nneg\t{}\n", pos[i % 3], neg[i % 3]));
    }
    let data = parse_labelled(&s).unwrap();
    let mut clf = TextClassifier::new(small_options()).unwrap();
    clf.fit(
        get(&data, "texts"),
        get(&data, "labels"),
        js(r#"{"epochs": 6, "batchSize": 8}"#),
    )
    .unwrap();
    let t = clf.tokenize("很好").unwrap();
    assert_eq!(num(&t, "slots"), 2.0);
    let ids: js_sys::Int32Array = get(&t, "ids").dyn_into().unwrap();
    assert_eq!(ids.length(), 20);
    assert_eq!(num(&t, "padding"), 8.0);
    let tokens = Array::from(&get(&t, "tokens"));
    let texts: Vec<String> = (0..tokens.length())
        .map(|i| get(&tokens.get(i), "text").as_string().unwrap())
        .collect();
    assert_eq!(texts, ["很", "很好", "好"]);
    // Positions 8 and 9: (很, 0) and (好, 很好).
    let id = |i: u32| num(&tokens.get(i), "id") as i32;
    assert_eq!(ids.to_vec()[16..], [id(0), 0, id(2), id(1)]);
    let p = clf.predict("质量很好").unwrap();
    assert_eq!(get(&p, "label").as_string().unwrap(), "pos");
    let e = clf.explain("太差了").unwrap();
    assert_eq!(get(&e, "label").as_string().unwrap(), "neg");
    let et = Array::from(&get(&e, "tokens"));
    assert_eq!(et.length(), 5);
    assert!((0..5).all(|i| num(&et.get(i), "contribution").is_finite()));
    let files = clf.export_model().unwrap();
    let layers = get(
        &get(&get(&get(&files, "modelJson"), "modelTopology"), "config"),
        "layers",
    );
    let conv = get(&Array::from(&layers).get(1), "config");
    assert_eq!(JSON::stringify(&get(&conv, "strides")).unwrap(), "[2]");
    assert_import_predicts_the_same(&mut clf, &files, "非常失望，太差");
}

#[wasm_bindgen_test]
fn fit_with_on_batch_cancels_and_errors_are_js_errors() {
    let data = parse_labelled(&tsv()).unwrap();
    let (texts, labels) = (get(&data, "texts"), get(&data, "labels"));
    let mut clf = TextClassifier::new(small_options()).unwrap();
    let opts = js(
        r#"{"epochs": 5, "batchSize": 8, "validationSplit": 0.2, "seed": 3, "earlyStopping": {"patience": 1}}"#,
    );
    // Stop after the third batch.
    let cb = Function::new_with_args("p", "return p.batch < 3;");
    Reflect::set(&opts, &JsValue::from_str("onBatch"), &cb).unwrap();
    let h = clf.fit(texts.clone(), labels.clone(), opts).unwrap();
    assert_eq!(
        Array::from(&h).length(),
        0,
        "cancelled inside the first epoch"
    );
    // Full run with the callback counting calls.
    let opts = js(r#"{"epochs": 2, "batchSize": 16, "validationSplit": 0.2}"#);
    let h = clf.fit(texts.clone(), labels.clone(), opts).unwrap();
    assert_eq!(Array::from(&h).length(), 2);

    let e = TextClassifier::new(js(r#"{"maxLen": 2, "kernelSize": 5}"#))
        .err()
        .expect("must fail");
    let msg = JsValue::from(e);
    let msg = msg
        .dyn_ref::<js_sys::Error>()
        .map(|x| String::from(x.message()))
        .unwrap_or_default();
    assert!(msg.contains("kernelSize"), "{msg}");
    assert!(
        clf.train_batches(1).is_ok(),
        "after a finished run trainBatches reports done"
    );
    assert!(TextClassifier::new(js(r#"{"vocabSize": "many"}"#)).is_err());
    let one = js(r#"["a", "b"]"#);
    assert!(clf
        .fit(one.clone(), js(r#"["x", "x"]"#), JsValue::UNDEFINED)
        .is_err());
}
