//! Checks of the JS values the bindings take, so that a wrong type or an
//! out-of-range count is a JS `Error` naming the argument, not a wasm trap
//! in wasm-bindgen's glue (a non-string passed for `&str`), a silent u32
//! wrap (`-1` read as 4294967295) or a panic.
//!
//! Parameters that would be `&str`, `&[f64]`, `&[u8]` or `u32` are taken as
//! `JsValue` and converted here.

use js_sys::{Array, ArrayBuffer, Float64Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What a JS value is, for messages: `undefined`, `null`, `number`,
/// `string`, `boolean`, `symbol`, `bigint`, `function`, `array`, a class
/// name such as `ArrayBuffer` or `Float32Array`, or `object`.
pub fn type_name(v: &JsValue) -> String {
    if v.is_undefined() {
        return "undefined".into();
    }
    if v.is_null() {
        return "null".into();
    }
    if Array::is_array(v) {
        return "array".into();
    }
    let t = v.js_typeof().as_string().unwrap_or_default();
    if t != "object" {
        return t;
    }
    let name = Reflect::get(v, &JsValue::from_str("constructor"))
        .ok()
        .and_then(|c| Reflect::get(&c, &JsValue::from_str("name")).ok())
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    if name.is_empty() || name == "Object" {
        "object".into()
    } else {
        name
    }
}

/// Whether `v` can be an options object: an object that is not an array,
/// a function or a built-in whose data JSON leaves out (a `Map` would read
/// as `{}`, every option silently at its default).
pub fn options_object(v: &JsValue) -> bool {
    if !v.is_object() || v.is_function() {
        return false;
    }
    let name = type_name(v);
    !(name == "array"
        || name.ends_with("Array")
        || matches!(
            name.as_str(),
            "Map"
                | "Set"
                | "WeakMap"
                | "WeakSet"
                | "Date"
                | "RegExp"
                | "Promise"
                | "ArrayBuffer"
                | "DataView"
        ))
}

/// `v` as a string, or ``"{what} must be a string, got {type}"``.
pub fn string(v: &JsValue, what: &str) -> Result<String, JsError> {
    v.as_string()
        .ok_or_else(|| JsError::new(&format!("{what} must be a string, got {}", type_name(v))))
}

/// The longest text `predict`, `explain` and `tokenize` take, in UTF-16
/// code units (JS `length`). The model reads only the last `maxLen` tokens,
/// but tokenizing costs memory for all of the text (about 150 MB per million
/// CJK characters, and wasm memory never shrinks).
pub const MAX_TEXT_LENGTH: u32 = 1_000_000;

/// `v` as a string of at most [`MAX_TEXT_LENGTH`] characters.
pub fn text(v: &JsValue, what: &str) -> Result<String, JsError> {
    if let Some(s) = v.dyn_ref::<js_sys::JsString>() {
        let n = s.length();
        if n > MAX_TEXT_LENGTH {
            return Err(JsError::new(&format!(
                "{what} is {n} characters long; at most {MAX_TEXT_LENGTH} (the model reads only its last maxLen tokens: pass the end of the text)"
            )));
        }
    }
    string(v, what)
}

/// `v` as a whole number in `min..=max` (both at most 2^53), or an error
/// naming `what` and the range; `NaN`, fractions, strings and the like are
/// rejected, never rounded or wrapped.
pub fn count(v: &JsValue, what: &str, min: u64, max: u64) -> Result<u64, JsError> {
    let bad = |got: String| {
        JsError::new(&format!(
            "{what} must be a whole number between {min} and {max}, got {got}"
        ))
    };
    let x = v.as_f64().ok_or_else(|| bad(type_name(v)))?;
    if !(x.is_finite() && x.fract() == 0.0 && x >= min as f64 && x <= max as f64) {
        return Err(bad(format!("{x}")));
    }
    Ok(x as u64)
}

#[wasm_bindgen]
extern "C" {
    // `Float64Array.from` / `Uint8Array.from`, with their exceptions caught:
    // one thrown through wasm (a BigInt cannot become a number) would skip
    // the glue's release of `self`'s borrow, and every later call on that
    // object would fail with "recursive use of an object".
    #[wasm_bindgen(catch, js_namespace = Float64Array, js_name = from)]
    fn float64_from(v: &JsValue) -> Result<Float64Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Uint8Array, js_name = from)]
    fn uint8_from(v: &JsValue) -> Result<Uint8Array, JsValue>;
    // `Object.assign({}, v)`, for the same reason: it runs `v`'s getters,
    // and one may throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = assign)]
    fn object_assign(target: &js_sys::Object, v: &JsValue) -> Result<js_sys::Object, JsValue>;
}

/// A plain copy of the options object `v` (its own enumerable keys, getters
/// run once), or the value a getter threw.
pub fn copy_object(v: &JsValue) -> Result<js_sys::Object, JsValue> {
    object_assign(&js_sys::Object::new(), v)
}

/// A typed array that cannot be read as numbers: a `BigInt64Array` or
/// `BigUint64Array` (BigInts), or a `DataView` (no elements).
fn unreadable_view(v: &JsValue) -> bool {
    matches!(
        type_name(v).as_str(),
        "BigInt64Array" | "BigUint64Array" | "DataView"
    )
}

/// Numbers from a `Float64Array` (or, as the glue used to allow, any typed
/// array or plain array of numbers); anything else, `undefined` included,
/// is ``"{what} must be a Float64Array, got {type}"``, and so is an array
/// holding a BigInt.
pub fn f64s(v: &JsValue, what: &str) -> Result<Vec<f64>, JsError> {
    if let Some(a) = v.dyn_ref::<Float64Array>() {
        return Ok(a.to_vec());
    }
    let bad = |got: String| JsError::new(&format!("{what} must be a Float64Array, got {got}"));
    if (Array::is_array(v) || ArrayBuffer::is_view(v)) && !unreadable_view(v) {
        return float64_from(v)
            .map(|a| a.to_vec())
            .map_err(|_| bad(format!("{} holding a non-number (a BigInt?)", type_name(v))));
    }
    Err(bad(type_name(v)))
}

/// Bytes from a `Uint8Array`, an `ArrayBuffer` (what `fetch().arrayBuffer()`
/// and `FileReader` give) or a plain array of whole numbers 0-255; anything
/// else is ``"{what} must be a Uint8Array or ArrayBuffer, got {type}"``.
pub fn bytes(v: &JsValue, what: &str) -> Result<Vec<u8>, JsError> {
    if let Some(a) = v.dyn_ref::<Uint8Array>() {
        return Ok(a.to_vec());
    }
    if v.is_instance_of::<ArrayBuffer>() {
        return Ok(Uint8Array::new(v).to_vec());
    }
    let bad = |got: String| {
        JsError::new(&format!(
            "{what} must be a Uint8Array or ArrayBuffer, got {got}"
        ))
    };
    if let Some(a) = v.dyn_ref::<Array>() {
        // Uint8Array.from would wrap 256 to 0 and read "x" as 0.
        let ok = a.iter().all(|x| {
            x.as_f64()
                .is_some_and(|b| b.fract() == 0.0 && (0.0..=255.0).contains(&b))
        });
        return match (ok, uint8_from(v)) {
            (true, Ok(b)) => Ok(b.to_vec()),
            _ => Err(bad(
                "an array holding something other than whole numbers 0-255".into(),
            )),
        };
    }
    Err(bad(type_name(v)))
}

/// The message of a thrown JS value: an Error's `message`, a thrown string
/// itself, otherwise "unknown error".
pub fn thrown_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|x| String::from(x.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// A JS object as JSON, through `JSON.stringify` and serde_json: a cyclic
/// object, or a getter that throws, is an Error here (JSON.stringify throws), and one nested deeper
/// than serde_json's recursion limit (128) too. Converting such an object
/// value by value (serde-wasm-bindgen) recursed without a limit and
/// overflowed the stack, which can leave the whole wasm instance broken.
/// Keys whose value is `undefined` are left out, at every depth, as
/// JSON.stringify does: `{ maxLen: undefined }` means the same as `{}` (the
/// JS convention for an option not given).
pub fn json(v: &JsValue, what: &str) -> Result<serde_json::Value, JsError> {
    let text = js_sys::JSON::stringify(v).map_err(|e| {
        // The browser's own words: a cycle ("Converting circular
        // structure..."), a BigInt, or whatever a getter threw.
        let why = thrown_message(&e);
        JsError::new(&format!(
            "{what}: not a plain JSON-like object (JSON.stringify threw): {why}"
        ))
    })?;
    let text = text.as_string().unwrap_or_default();
    serde_json::from_str(&text).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

/// `json` as a `T` (an options struct whose every field has a default), or
/// an error naming `what`, the key at fault (a path such as
/// `earlyStopping.patience`) and what it must be in JS terms: serde alone
/// says ``invalid type: floating point `1.5`, expected usize``, naming
/// neither the key nor a JS type.
pub fn options<T: serde::de::DeserializeOwned>(
    json: serde_json::Value,
    what: &str,
) -> Result<T, JsError> {
    match serde_json::from_value::<T>(json.clone()) {
        Ok(t) => Ok(t),
        Err(e) => {
            let fails =
                |v: serde_json::Value| serde_json::from_value::<T>(v).err().map(|e| e.to_string());
            Err(JsError::new(&match blame(&json, &mut Vec::new(), &fails) {
                Some((path, value, why)) => format!("{what}: {}", explain(&path, &value, &why)),
                None => format!("{what}: {e}"),
            }))
        }
    }
}

/// The first key path whose value alone (every other key left out, at
/// every level) `fails`, with that value and the failure's message; `None`
/// when no single key fails by itself. Not generic, so that it is compiled
/// once for all the option types.
fn blame(
    json: &serde_json::Value,
    path: &mut Vec<String>,
    fails: &dyn Fn(serde_json::Value) -> Option<String>,
) -> Option<(Vec<String>, serde_json::Value, String)> {
    use serde_json::{Map, Value};
    // `json` with only `path` kept: {a: {b: v}} for the path a.b.
    fn only(root: &Value, path: &[String]) -> Value {
        match (root, path.split_first()) {
            (Value::Object(m), Some((k, rest))) => {
                let mut one = Map::new();
                if let Some(v) = m.get(k) {
                    one.insert(k.clone(), only(v, rest));
                }
                Value::Object(one)
            }
            _ => root.clone(),
        }
    }
    let mut at = json;
    for k in path.iter() {
        at = at.get(k)?;
    }
    let keys: Vec<String> = at.as_object()?.keys().cloned().collect();
    for k in keys {
        path.push(k);
        if let Some(why) = fails(only(json, path)) {
            let value = path.iter().try_fold(json, |v, k| v.get(k)).cloned();
            // A deeper key may be the one at fault.
            return blame(json, path, fails)
                .or_else(|| Some((path.clone(), value.unwrap_or_default(), why)));
        }
        path.pop();
    }
    None
}

/// `maxLen must be a whole number, 0 or more, got 1.5` from serde's
/// ``invalid type: floating point `1.5`, expected usize``.
fn explain(path: &[String], value: &serde_json::Value, why: &str) -> String {
    if why.starts_with("unknown field") {
        // The path ends at the unknown key, which serde's message names.
        return match path.split_last() {
            Some((_, parent)) if !parent.is_empty() => format!("{}: {why}", parent.join(".")),
            _ => why.to_string(),
        };
    }
    let key = path.join(".");
    let expected = why.rsplit("expected ").next().unwrap_or("");
    let must = match expected.trim_end_matches(|c: char| c == '.' || c.is_whitespace()) {
        "usize" | "u64" | "u32" | "u16" | "u8" => "a whole number, 0 or more",
        "i64" | "i32" | "isize" => "a whole number",
        "f64" | "f32" => "a number",
        "a boolean" => "true or false",
        "a string" => "a string",
        e if e.starts_with("struct ") => "an object (or null)",
        _ => return format!("{key}: {why}"),
    };
    if why.starts_with("invalid type") || why.starts_with("invalid value") {
        format!("{key} must be {must}, got {value}")
    } else {
        format!("{key}: {why}")
    }
}
