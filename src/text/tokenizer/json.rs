//! The tokenizer's JSON: Keras' `tokenizer.to_json()` shape, written and
//! read (with errors that name the field), so a file from Keras loads here and
//! ours loads in Keras' `tokenizer_from_json`.

use super::{Tokenizer, TokenizerConfig};
use crate::text::segment::Tokenization;
use crate::text::TextError;
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

impl Tokenizer {
    /// The tokenizer as JSON in the shape of Keras' `tokenizer.to_json()`:
    /// `{"class_name": "Tokenizer", "config": {num_words, filters, lower,
    /// split, char_level, oov_token, document_count, word_counts, word_docs,
    /// index_docs, index_word, word_index}, "tokenization": "words"}`. As in
    /// Keras the five dictionaries are JSON-encoded strings, so Keras'
    /// `tokenizer_from_json` reads the file (it behaves like ours in Words
    /// mode); `tokenization` sits outside `config` because Keras rejects
    /// unknown constructor arguments.
    pub fn to_json(&self) -> String {
        let by_index = self.word_index_sorted();
        let word_counts = encode(OrderedMap(
            self.word_counts
                .iter()
                .map(|(w, c)| (w.as_str(), *c))
                .collect(),
        ));
        let word_docs = encode(OrderedMap(
            self.word_counts
                .iter()
                .zip(&self.word_docs)
                .map(|((w, _), &d)| (w.as_str(), d))
                .collect(),
        ));
        let index_docs = encode(OrderedMap(
            self.word_counts
                .iter()
                .zip(&self.word_docs)
                .filter_map(|((w, _), &d)| self.word_index.get(w).map(|i| (i.to_string(), d)))
                .collect(),
        ));
        let index_word = encode(OrderedMap(
            by_index.iter().map(|&(w, i)| (i.to_string(), w)).collect(),
        ));
        let word_index = encode(OrderedMap(by_index.clone()));
        let c = &self.config;
        let file = serde_json::json!({
            "class_name": "Tokenizer",
            "config": {
                "num_words": c.num_words,
                "filters": c.filters,
                "lower": c.lower,
                "split": c.split,
                "char_level": false,
                "oov_token": c.oov_token,
                "document_count": self.document_count,
                "word_counts": word_counts,
                "word_docs": word_docs,
                "index_docs": index_docs,
                "index_word": index_word,
                "word_index": word_index,
            },
            "tokenization": c.tokenization,
        });
        file.to_string()
    }

    /// Reads [`Tokenizer::to_json`] output or a Keras `tokenizer.to_json()`
    /// file. The dictionaries may be JSON-encoded strings (Keras) or plain
    /// objects. Missing settings take Keras' defaults; `tokenization` missing
    /// means `words`. Errors name the field (`config.word_index`, ...).
    pub fn from_json(json: &str) -> Result<Self, TextError> {
        let current = RefCell::new(String::from("tokenizer JSON"));
        let mut de = serde_json::Deserializer::from_str(json);
        let raw = FileSeed { current: &current }
            .deserialize(&mut de)
            .and_then(|r| de.end().map(|_| r))
            .map_err(|e| TextError::new(current.borrow().clone(), e.to_string()))?;
        raw.into_tokenizer()
    }
}

fn encode<T: Serialize>(v: T) -> String {
    serde_json::to_string(&v).unwrap_or_default()
}

/// A map serialised in the given order.
struct OrderedMap<K, V>(Vec<(K, V)>);

impl<K: Serialize, V: Serialize> Serialize for OrderedMap<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A JSON object (or a string holding one, Keras style) read in file order.
struct Pairs<V>(Vec<(String, V)>);

impl<'de, V: DeserializeOwned> Deserialize<'de> for Pairs<V> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V2<V>(std::marker::PhantomData<V>);
        impl<'de, V: DeserializeOwned> Visitor<'de> for V2<V> {
            type Value = Pairs<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object or a string holding a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, V>()? {
                    out.push((k, v));
                }
                Ok(Pairs(out))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                serde_json::from_str::<Pairs<V>>(s)
                    .map_err(|e| E::custom(format!("in the encoded object: {e}")))
            }
        }
        d.deserialize_any(V2(std::marker::PhantomData))
    }
}

struct RawFile {
    config: RawConfig,
    tokenization: Option<Tokenization>,
}

#[derive(Default)]
struct RawConfig {
    num_words: Option<usize>,
    filters: Option<String>,
    lower: Option<bool>,
    split: Option<String>,
    char_level: Option<bool>,
    oov_token: Option<String>,
    document_count: Option<u64>,
    word_counts: Option<Pairs<u64>>,
    word_docs: Option<Pairs<u64>>,
    word_index: Option<Pairs<u32>>,
}

struct FileSeed<'a> {
    current: &'a RefCell<String>,
}

impl<'de, 'a> DeserializeSeed<'de> for FileSeed<'a> {
    type Value = RawFile;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<RawFile, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, 'a> Visitor<'de> for FileSeed<'a> {
    type Value = RawFile;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object {\"class_name\": \"Tokenizer\", \"config\": {...}}")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFile, A::Error> {
        let mut config = None;
        let mut tokenization = None;
        while let Some(key) = map.next_key::<String>()? {
            *self.current.borrow_mut() = key.clone();
            match key.as_str() {
                "class_name" => {
                    let name: String = map.next_value()?;
                    if name != "Tokenizer" {
                        return Err(de::Error::custom(format!(
                            "expected \"Tokenizer\", found {name:?}"
                        )));
                    }
                }
                "config" => {
                    config = Some(map.next_value_seed(ConfigSeed {
                        current: self.current,
                    })?)
                }
                "tokenization" => tokenization = Some(map.next_value::<Tokenization>()?),
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        *self.current.borrow_mut() = "config".into();
        let config = config.ok_or_else(|| {
            de::Error::custom("missing (the tokenizer's settings and word_index)")
        })?;
        Ok(RawFile {
            config,
            tokenization,
        })
    }
}

struct ConfigSeed<'a> {
    current: &'a RefCell<String>,
}

impl<'de, 'a> DeserializeSeed<'de> for ConfigSeed<'a> {
    type Value = RawConfig;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<RawConfig, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, 'a> Visitor<'de> for ConfigSeed<'a> {
    type Value = RawConfig;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with the tokenizer's settings")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawConfig, A::Error> {
        let mut c = RawConfig::default();
        while let Some(key) = map.next_key::<String>()? {
            *self.current.borrow_mut() = format!("config.{key}");
            match key.as_str() {
                "num_words" => c.num_words = map.next_value()?,
                "filters" => c.filters = map.next_value()?,
                "lower" => c.lower = map.next_value()?,
                "split" => c.split = map.next_value()?,
                "char_level" => c.char_level = map.next_value()?,
                "oov_token" => c.oov_token = map.next_value()?,
                "document_count" => c.document_count = map.next_value()?,
                "word_counts" => c.word_counts = Some(map.next_value()?),
                "word_docs" => c.word_docs = Some(map.next_value()?),
                "word_index" => c.word_index = Some(map.next_value()?),
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        *self.current.borrow_mut() = "config".into();
        Ok(c)
    }
}

impl RawFile {
    fn into_tokenizer(self) -> Result<Tokenizer, TextError> {
        let c = self.config;
        if c.char_level == Some(true) {
            return Err(TextError::new(
                "config.char_level",
                "Keras char_level=true is not supported; use \"tokenization\": \"chars\" (which drops spaces and punctuation)",
            ));
        }
        let d = TokenizerConfig::default();
        let config = TokenizerConfig {
            num_words: c.num_words,
            filters: c.filters.unwrap_or(d.filters),
            lower: c.lower.unwrap_or(d.lower),
            split: c.split.unwrap_or(d.split),
            oov_token: c.oov_token,
            tokenization: self.tokenization.unwrap_or(Tokenization::Words),
        };
        config
            .validate()
            .map_err(|e| TextError::new(format!("config.{}", e.field), e.message))?;
        let word_index = c
            .word_index
            .ok_or_else(|| TextError::new("config.word_index", "missing"))?
            .0;
        let mut t = Tokenizer::new(config)?;
        t.document_count = c.document_count.unwrap_or(0);
        if let Some(wc) = c.word_counts {
            let docs: HashMap<String, u64> = c
                .word_docs
                .map(|p| p.0.into_iter().collect())
                .unwrap_or_default();
            for (w, n) in wc.0 {
                if t.count_pos.contains_key(&w) {
                    return Err(TextError::new(
                        "config.word_counts",
                        format!("duplicate word {w:?}"),
                    ));
                }
                t.count_pos.insert(w.clone(), t.word_counts.len());
                t.word_docs.push(docs.get(&w).copied().unwrap_or(0));
                t.word_counts.push((w, n));
            }
        }
        if word_index.is_empty() {
            // A hand-written file with counts only: number them as fit would.
            t.rebuild_index();
        } else {
            t.word_index.clear();
            t.index_word.clear();
            for (w, i) in word_index {
                if i == 0 {
                    return Err(TextError::new(
                        "config.word_index",
                        format!("word {w:?} has index 0, which is reserved for padding"),
                    ));
                }
                if let Some(other) = t.index_word.get(&i) {
                    return Err(TextError::new(
                        "config.word_index",
                        format!("index {i} is given to both {other:?} and {w:?}"),
                    ));
                }
                if t.word_index.contains_key(&w) {
                    return Err(TextError::new(
                        "config.word_index",
                        format!("duplicate word {w:?}"),
                    ));
                }
                t.index_word.insert(i, w.clone());
                t.word_index.insert(w, i);
            }
            if let Some(oov) = &t.config.oov_token {
                if !t.word_index.contains_key(oov) {
                    return Err(TextError::new(
                        "config.oov_token",
                        format!("{oov:?} is not in word_index"),
                    ));
                }
            }
        }
        Ok(t)
    }
}
