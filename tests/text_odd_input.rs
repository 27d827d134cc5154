//! No panics on odd input: empty strings, only punctuation, only tabs, a huge
//! line, and pseudo-random strings and bytes built from awkward pieces (quotes,
//! tabs, CR, BOM, ZWJ, combining marks, CJK, emoji, __label__). Besides "does
//! not panic", each run checks that every non-empty TSV/fastText line is
//! accounted for (an example, a rejection or the header).

use nn_playground::text::{
    pad_sequences, parse_dataset, parse_dataset_bytes, DatasetFormat, DatasetOptions, PadConfig,
    Padding, Tokenization, Tokenizer, TokenizerConfig, Truncating,
};

const PIECES: &[&str] = &[
    "a",
    "Zz",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    ",",
    "\"",
    "\"\"",
    "'",
    "’",
    "·",
    "__label__",
    "__label__x ",
    "\u{FEFF}",
    "\u{200D}",
    "\u{301}",
    "\u{FE0F}",
    "\u{20E3}",
    "🇫",
    "👍🏽",
    "😀",
    "我",
    "は",
    "한",
    "ก",
    "ิ",
    "。",
    "，",
    "\u{3000}",
    "!?",
    "İ",
    "Σ",
    "\u{0}",
    "label,text\n",
    "x\ty\n",
    "\u{1F1E6}",
    "\u{E0067}",
    "\u{10FFFF}",
];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn random_text(rng: &mut Lcg) -> String {
    let n = rng.next() % 40;
    (0..n).map(|_| PIECES[rng.next() % PIECES.len()]).collect()
}

fn tokenizers() -> Vec<Tokenizer> {
    let modes = [Tokenization::Words, Tokenization::Chars, Tokenization::Auto];
    modes
        .iter()
        .map(|&m| {
            Tokenizer::new(TokenizerConfig {
                tokenization: m,
                num_words: Some(7),
                oov_token: Some("<OOV>".into()),
                ..Default::default()
            })
            .unwrap()
        })
        .collect()
}

fn exercise(text: &str, toks: &mut [Tokenizer]) {
    for t in toks.iter_mut() {
        t.fit_on_texts(&[text]);
        let seq = t.text_to_sequence(text);
        assert!(seq.iter().all(|&i| (i as usize) < t.input_dim()));
        let view = t.tokenize_view(text);
        assert_eq!(view.iter().filter(|v| v.id.is_some()).count(), seq.len());
        assert!(view.iter().all(|v| !v.text.is_empty()));
        let _ = t.sequence_to_text(&seq);
        let _ = Tokenizer::from_json(text);
        let cfg = PadConfig {
            maxlen: Some(3),
            padding: Padding::Post,
            truncating: Truncating::Post,
            value: 0,
        };
        assert_eq!(pad_sequences(&[seq], &cfg).unwrap().shape(), &[1, 3]);
    }
    for format in [
        None,
        Some(DatasetFormat::Tsv),
        Some(DatasetFormat::Csv),
        Some(DatasetFormat::FastText),
    ] {
        let opts = DatasetOptions {
            format,
            ..Default::default()
        };
        if let Ok(d) = parse_dataset(text, &opts) {
            assert_eq!(d.texts.len(), d.labels.len());
            assert_eq!(
                d.label_counts.iter().map(|(_, n)| n).sum::<usize>(),
                d.len()
            );
            assert!(d.texts.iter().all(|t| !t.trim().is_empty()));
            if d.format != DatasetFormat::Csv {
                let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
                let non_empty = body
                    .split('\n')
                    .filter(|l| !l.strip_suffix('\r').unwrap_or(l).is_empty())
                    .count();
                let header = usize::from(d.header.is_some());
                assert_eq!(d.len() + d.rejected.len() + header, non_empty, "{text:?}");
            }
        }
        let _ = parse_dataset_bytes(text.as_bytes(), &opts);
    }
}

#[test]
fn fixed_odd_strings() {
    let mut toks = tokenizers();
    let huge = format!("pos\t{}", "word, 我 😀 ".repeat(100_000));
    for s in [
        "",
        " ",
        "\t",
        "\t\t\t",
        "\n\n",
        "!!!",
        "?!.,;:",
        "\"",
        "\"\"\"",
        "__label__",
        "\u{FEFF}",
        "\u{200D}",
        "\u{301}",
        huge.as_str(),
    ] {
        exercise(s, &mut toks);
    }
    // The huge line parses as one example.
    let d = parse_dataset(&huge, &DatasetOptions::default()).unwrap();
    assert_eq!(d.len(), 1);
}

#[test]
fn random_strings() {
    let mut rng = Lcg(12345);
    let mut toks = tokenizers();
    for _ in 0..2000 {
        let lines: Vec<String> = (0..(rng.next() % 6))
            .map(|_| random_text(&mut rng))
            .collect();
        exercise(&lines.join("\n"), &mut toks);
    }
}

#[test]
fn random_bytes() {
    let mut rng = Lcg(987);
    for _ in 0..2000 {
        let n = rng.next() % 200;
        let bytes: Vec<u8> = (0..n)
            .map(|_| match rng.next() % 6 {
                0 => b'\t',
                1 => b'\n',
                2 => b'"',
                3 => b',',
                _ => (rng.next() % 256) as u8,
            })
            .collect();
        for format in [
            None,
            Some(DatasetFormat::Tsv),
            Some(DatasetFormat::Csv),
            Some(DatasetFormat::FastText),
        ] {
            let _ = parse_dataset_bytes(
                &bytes,
                &DatasetOptions {
                    format,
                    ..Default::default()
                },
            );
        }
        let s = String::from_utf8_lossy(&bytes);
        let _ = Tokenizer::from_json(&s);
    }
}
