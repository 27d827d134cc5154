//! Browser tests of the package as built for the page (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

use nn_playground::kernels::{scalar, Real};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn built_with_simd() {
    // `make test` builds with -C target-feature=+simd128 (wasm-pack.toml [build]).
    assert!(nn_playground::simd_enabled());
}

#[wasm_bindgen_test]
fn dot_binding_matches_hand_value_and_rejects_bad_lengths() {
    use js_sys::Float32Array;
    let f32s = |v: &[f32]| wasm_bindgen::JsValue::from(Float32Array::from(v));
    // 1*4 + 2*5 + 3*6 = 32, by hand.
    let v = nn_playground::wasm::dot(f32s(&[1.0, 2.0, 3.0]), f32s(&[4.0, 5.0, 6.0])).unwrap();
    assert_eq!(v, 32.0);
    assert!(nn_playground::wasm::dot(f32s(&[1.0]), f32s(&[1.0, 2.0])).is_err());
    // Second API audit: dot(1, 2) returned 0 silently; now a named error.
    let e = nn_playground::wasm::dot(1.into(), 2.into()).err().unwrap();
    let msg = wasm_bindgen::JsValue::from(e);
    let msg = js_sys::Reflect::get(&msg, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(msg.starts_with("dot: a must be"), "{msg}");
}

#[wasm_bindgen_test]
fn f32_kernels_agree_with_scalar_reference() {
    // gemm_nn on a 3x5 * 5x7 product through the dispatching trait vs the scalar reference.
    let (m, n, k) = (3, 7, 5);
    let a: Vec<f32> = (0..m * k).map(|i| (i as f32 * 0.37).sin()).collect();
    let b: Vec<f32> = (0..k * n).map(|i| (i as f32 * 0.11).cos()).collect();
    let mut c1 = vec![0.0f32; m * n];
    let mut c2 = vec![0.0f32; m * n];
    f32::gemm_nn(m, n, k, &a, &b, &mut c1);
    scalar::gemm_nn(m, n, k, &a, &b, &mut c2);
    for (x, y) in c1.iter().zip(&c2) {
        assert!((x - y).abs() <= 1e-5 * (1.0 + y.abs()), "{x} vs {y}");
    }
}

#[path = "common/run_js.rs"]
mod run_js;

/// `run_js::run_js` with the network as `net`.
fn run_js(net: wasm_bindgen::JsValue, body: &str) -> Vec<String> {
    run_js::run_js("net", net, body)
}

/// Audit H1 and H2 for Network: a huge or negative `steps` used to panic
/// ("capacity overflow") and leave the object unusable; a missing typed
/// array or a non-string name trapped in the glue. Each is now an Error
/// naming the argument, and the network still works afterwards.
#[wasm_bindgen_test]
fn network_rejects_bad_counts_and_types_and_stays_usable() {
    use nn_playground::wasm::network::WasmNetwork;
    let net = WasmNetwork::preset("xor".into()).unwrap();
    let out = run_js(
        net.into(),
        "const d = net.constructor.xorDataset();
         const x = new Float64Array(d.inputs), y = new Float64Array(d.targets);
         t(() => net.trainSteps(x, y, 4, -1, 1));
         t(() => net.trainSteps(x, y, 4, 1e9, 1));
         t(() => net.trainSteps(x, y, 4, 2.5, 1));
         t(() => net.trainSteps(x, y, 4, NaN, 1));
         t(() => net.trainSteps(x, y, 4, '2', 1));
         t(() => net.trainSteps(x, y, 0, 1, 1));
         t(() => net.trainSteps(x, y, 1e6, 1, 1));
         t(() => net.trainSteps(x, y, 4, 1, -1));
         t(() => net.trainSteps(x, y, 4, 1, 1, 5));
         t(() => net.trainSteps(x, y, 4, 1, 1, 'l2', 'big'));
         t(() => net.trainSteps());
         t(() => net.stepBatch());
         t(() => net.stepBatch(x, null));
         t(() => net.predictBatch({}));
         t(() => net.activationsBatch(undefined));
         t(() => net.constructor.preset(7));
         t(() => net.constructor.preset());
         out.push(String(net.trainSteps(x, y, 4, 3, 1).length));
         out.push(String(net.trainSteps(Array.from(x), Array.from(y), 4, 2, 1, 'l2', 0.01).length));
         out.push(typeof net.loss());",
    );
    let whole = "must be a whole number between";
    assert_eq!(
        out,
        [
            format!("Error: trainSteps: steps {whole} 1 and 1000000, got -1"),
            format!("Error: trainSteps: steps {whole} 1 and 1000000, got 1000000000"),
            format!("Error: trainSteps: steps {whole} 1 and 1000000, got 2.5"),
            format!("Error: trainSteps: steps {whole} 1 and 1000000, got NaN"),
            format!("Error: trainSteps: steps {whole} 1 and 1000000, got string"),
            format!("Error: trainSteps: batchSize {whole} 1 and 65536, got 0"),
            format!("Error: trainSteps: batchSize {whole} 1 and 65536, got 1000000"),
            format!("Error: trainSteps: seed {whole} 0 and 4294967295, got -1"),
            "Error: trainSteps: regularization must be a string, got number".to_string(),
            "Error: trainSteps: rate must be a number, got string".to_string(),
            "Error: trainSteps: inputs must be a Float64Array, got undefined".to_string(),
            "Error: stepBatch: inputs must be a Float64Array, got undefined".to_string(),
            "Error: stepBatch: targets must be a Float64Array, got null".to_string(),
            "Error: predictBatch: inputs must be a Float64Array, got object".to_string(),
            "Error: activationsBatch: inputs must be a Float64Array, got undefined".to_string(),
            "Error: preset: name must be a string, got number".to_string(),
            "Error: preset: name must be a string, got undefined".to_string(),
            "3".to_string(),
            "2".to_string(),
            "number".to_string(),
        ]
    );
}

/// Second API audit: a cyclic state object used to overflow the stack in
/// the glue and could break every later call; now it is an Error naming the
/// state, and the network (and new ones) still work.
#[wasm_bindgen_test]
fn a_cyclic_state_is_an_error_not_a_broken_instance() {
    use nn_playground::wasm::network::WasmNetwork;
    let net = WasmNetwork::preset("article".into()).unwrap();
    let out = run_js(
        net.into(),
        "const s = net.toJSON(); s.self = s;
         t(() => net.constructor.fromJSON(s));
         t(() => net.constructor.fromJSON(s));
         out.push(String(net.constructor.preset('article').loss()));
         out.push(String(net.loss()));",
    );
    assert!(
        out[0].starts_with("Error: state: not a plain JSON-like object (JSON.stringify threw): Converting circular structure"),
        "{}",
        out[0]
    );
    assert_eq!(out[0], out[1]);
    assert_eq!(out[2..], ["2.5", "2.5"]);
}

/// Mutation audit: `fromJSON` takes the JSON string too; `step()` returns
/// the step trace and `gradientCheck()` one entry per parameter; the seed
/// and the penalty rate of `trainSteps` reach the training.
#[wasm_bindgen_test]
fn network_json_string_trace_shapes_and_train_steps_arguments() {
    use nn_playground::wasm::network::WasmNetwork;
    let net = WasmNetwork::preset("article".into()).unwrap();
    let out = run_js(
        net.into(),
        "const N = net.constructor;
         const s = JSON.stringify(net.toJSON());
         out.push(String(N.fromJSON(s).loss() === net.loss()));
         out.push(String(JSON.stringify(N.fromJSON(s)) === s));
         // 2-3-2: 2·3 + 3 + 3·2 + 2 = 17 parameters.
         out.push(String(net.gradientCheck().length));
         const tr = net.step();
         out.push([tr.step, tr.layers.length, tr.lossGrad.length, typeof tr.loss, 'sizes' in tr].join(' '));
         const d = N.xorDataset();
         const x = new Float64Array(d.inputs), y = new Float64Array(d.targets);
         const run = (...a) => Array.from(N.preset('xor').trainSteps(x, y, 1, 8, ...a)).join(',');
         out.push(String(run(1) === run(1)));
         out.push(String(run(1) !== run(2)));
         out.push(String(run(1, 'l2', 0.5) !== run(1, 'l2', 0)));
         out.push(String(run(1, 'l2', 0) === run(1)));",
    );
    assert_eq!(
        out,
        [
            "true",
            "true",
            "17",
            "1 2 2 number false",
            "true",
            "true",
            "true",
            "true"
        ]
    );
}

/// REAL BUG (mutation audit): a BigInt where `args::f64s` wants numbers
/// makes `Float64Array::new` throw a raw TypeError inside a `&mut self`
/// method; the exception unwinds through wasm and wasm-bindgen's borrow
/// of the Network is never released, so every later `&mut self` call
/// (step, trainSteps, stepBatch) fails with "recursive use of an object".
#[wasm_bindgen_test]
fn a_bigint_batch_is_an_error_and_leaves_the_network_usable() {
    use nn_playground::wasm::network::WasmNetwork;
    let net = WasmNetwork::preset("xor".into()).unwrap();
    let out = run_js(
        net.into(),
        "const d = net.constructor.xorDataset();
         const x = new Float64Array(d.inputs), y = new Float64Array(d.targets);
         t(() => net.trainSteps([1n, 2n], y, 4, 1, 1));
         t(() => net.stepBatch(new BigInt64Array(2), y));
         t(() => net.step());
         t(() => net.trainSteps(x, y, 4, 1, 1));",
    );
    assert!(out[0].starts_with("Error: trainSteps: inputs"), "{out:?}");
    assert!(out[1].starts_with("Error: stepBatch: inputs"), "{out:?}");
    assert_eq!(out[2..], ["ok", "ok"], "{out:?}");
}
