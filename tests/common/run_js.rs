//! For the browser (wasm-bindgen-test) tests: run JS against an object as
//! JS sees it, through the generated glue, and record how each call ends.
//! Included with `#[path = "common/run_js.rs"] mod run_js;` (not through
//! `mod common;`, whose fixtures loader is native-only).

use js_sys::{Array, Function};
use wasm_bindgen::JsValue;

/// Runs `body` as a JS function of one argument named `name` (bound to
/// `arg`), where `t(f)` calls `f` and records `"Error: <message>"`,
/// `"not Error: <what was thrown>"` or `"ok"` in `out`; returns `out`.
pub fn run_js(name: &str, arg: JsValue, body: &str) -> Vec<String> {
    let f = Function::new_with_args(
        name,
        &format!(
            "const out = [];
             const t = (f) => {{
               try {{ f(); out.push('ok'); }}
               catch (e) {{ out.push(e instanceof Error ? 'Error: ' + e.message : 'not Error: ' + String(e)); }}
             }};
             {body}
             return out;"
        ),
    );
    let out = f.call1(&JsValue::NULL, &arg).unwrap();
    Array::from(&out)
        .iter()
        .map(|v| v.as_string().unwrap())
        .collect()
}
