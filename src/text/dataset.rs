//! Labelled text parsing: TSV, CSV with a header row, fastText; the format
//! is detected from the first non-empty line unless given.
//!
//! Formats:
//! - **TSV**: `label<TAB>text` per line. The line is split on its *first* tab;
//!   further tabs belong to the text. A first line `label<TAB>text` (any of
//!   the label and text header names below) is taken as a header and skipped.
//! - **CSV** (RFC 4180): a header row names the columns; the label column is
//!   the first of `label, class, category, target, y` found and the text
//!   column the first of `text, sentence, message, review, content, question`
//!   (case-insensitive, surrounding spaces ignored), or the columns given in
//!   [`DatasetOptions`]. Fields may be quoted; `""` inside quotes is a quote;
//!   commas and newlines may appear inside quotes; CRLF or LF line ends (a
//!   CRLF inside a quoted field becomes LF). Like Python's `csv` module, a
//!   quote inside an unquoted field is literal, and characters after a closing
//!   quote are appended to the field.
//! - **fastText**: `__label__<label> text`. Several leading `__label__`
//!   prefixes: the first is kept and a [`Warning`] says so.
//!
//! Detection: the first non-empty line starts with `__label__` -> fastText;
//! else it contains a tab -> TSV; else it parses as a CSV header naming a
//! label and a text column -> CSV; else an error. Giving `label_column` or
//! `text_column` means CSV.
//!
//! Every line is accounted for: truly empty lines (nothing, or only the CR of
//! a CRLF) are skipped silently; any other line that does not give an example
//! is in `rejected` with its 1-based line number, the reason and a preview.
//! Labels and texts are trimmed of surrounding whitespace; an empty label or
//! text is a rejection. A leading UTF-8 byte order mark is stripped.

use super::TextError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Header names recognised as the label column, in order of preference.
pub const LABEL_HEADERS: &[&str] = &["label", "class", "category", "target", "y"];
/// Header names recognised as the text column, in order of preference.
pub const TEXT_HEADERS: &[&str] = &[
    "text", "sentence", "message", "review", "content", "question",
];

const PREVIEW_CHARS: usize = 80;

/// The format of a labelled text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatasetFormat {
    Tsv,
    Csv,
    FastText,
}

/// Parsing options; `Default` detects everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetOptions {
    /// Force a format instead of detecting it.
    pub format: Option<DatasetFormat>,
    /// CSV: the header name of the label column (case-insensitive).
    pub label_column: Option<String>,
    /// CSV: the header name of the text column (case-insensitive).
    pub text_column: Option<String>,
}

/// A line (or CSV record) that gave no example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    /// 1-based line number (of the record's first line for CSV).
    pub line: usize,
    pub reason: String,
    /// The first characters of the line, control characters escaped.
    pub content_preview: String,
}

/// Something accepted but worth telling (e.g. a second fastText label).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// The examples of a file and everything that was not taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedDataset {
    pub format: DatasetFormat,
    pub texts: Vec<String>,
    pub labels: Vec<String>,
    /// The 1-based source line of each example.
    pub source_lines: Vec<usize>,
    pub rejected: Vec<Rejected>,
    pub warnings: Vec<Warning>,
    /// (label, number of examples), labels in order of first appearance.
    pub label_counts: Vec<(String, usize)>,
    /// The header row (CSV, or a TSV header line), if there was one.
    pub header: Option<Vec<String>>,
}

impl ParsedDataset {
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The labels in order of first appearance (class id = position).
    pub fn label_names(&self) -> Vec<&str> {
        self.label_counts.iter().map(|(l, _)| l.as_str()).collect()
    }

    /// The class id of each example (its label's position in `label_names`).
    pub fn label_ids(&self) -> Vec<usize> {
        let pos: HashMap<&str, usize> = self
            .label_counts
            .iter()
            .enumerate()
            .map(|(i, (l, _))| (l.as_str(), i))
            .collect();
        self.labels.iter().map(|l| pos[l.as_str()]).collect()
    }
}

/// Parses labelled text; see the module docs. Errors only when nothing can
/// be parsed at all (empty input, undetectable format, CSV header without a
/// label or text column); bad lines are reported in `rejected`.
pub fn parse_dataset(input: &str, options: &DatasetOptions) -> Result<ParsedDataset, TextError> {
    parse_inner(input, options, &BTreeSet::new())
}

/// Like [`parse_dataset`] for raw bytes: lines holding invalid UTF-8 are
/// rejected ("invalid UTF-8"), the rest is parsed.
pub fn parse_dataset_bytes(
    input: &[u8],
    options: &DatasetOptions,
) -> Result<ParsedDataset, TextError> {
    let mut bad = BTreeSet::new();
    for (i, line) in input.split(|&b| b == b'\n').enumerate() {
        if std::str::from_utf8(line).is_err() {
            bad.insert(i + 1);
        }
    }
    let text = String::from_utf8_lossy(input);
    parse_inner(&text, options, &bad)
}

struct Builder {
    out: ParsedDataset,
}

impl Builder {
    fn new(format: DatasetFormat) -> Self {
        Builder {
            out: ParsedDataset {
                format,
                texts: vec![],
                labels: vec![],
                source_lines: vec![],
                rejected: vec![],
                warnings: vec![],
                label_counts: vec![],
                header: None,
            },
        }
    }

    fn reject(&mut self, line: usize, reason: impl Into<String>, content: &str) {
        self.out.rejected.push(Rejected {
            line,
            reason: reason.into(),
            content_preview: preview(content),
        });
    }

    /// Adds an example after trimming, or rejects it for an empty part.
    fn example(&mut self, line: usize, label: &str, text: &str, content: &str) {
        let (label, text) = (label.trim(), text.trim());
        if label.is_empty() {
            self.reject(line, "empty label", content);
        } else if text.is_empty() {
            self.reject(line, "empty text", content);
        } else {
            self.out.labels.push(label.to_string());
            self.out.texts.push(text.to_string());
            self.out.source_lines.push(line);
        }
    }

    fn finish(mut self) -> ParsedDataset {
        let mut counts: Vec<(String, usize)> = Vec::new();
        let mut pos: HashMap<&str, usize> = HashMap::new();
        for l in &self.out.labels {
            match pos.get(l.as_str()) {
                Some(&p) => counts[p].1 += 1,
                None => {
                    pos.insert(l, counts.len());
                    counts.push((l.clone(), 1));
                }
            }
        }
        self.out.label_counts = counts;
        self.out
    }
}

/// The first characters of `s`, control characters escaped, "…" if cut.
fn preview(s: &str) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == PREVIEW_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Lines with their 1-based numbers, without the trailing CR.
fn lines(input: &str) -> impl Iterator<Item = (usize, &str)> {
    input
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
}

fn is_name(field: &str, names: &[&str]) -> bool {
    let f = field.trim();
    names.iter().any(|n| f.eq_ignore_ascii_case(n))
}

fn parse_inner(
    input: &str,
    options: &DatasetOptions,
    bad: &BTreeSet<usize>,
) -> Result<ParsedDataset, TextError> {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    let (first_no, first) = match lines(input).find(|(_, l)| !l.is_empty()) {
        Some(x) => x,
        None => return Err(TextError::new("input", "no data: the input is empty")),
    };
    let format = match options.format {
        Some(f) => f,
        None if options.label_column.is_some() || options.text_column.is_some() => {
            DatasetFormat::Csv
        }
        None if first.trim_start().starts_with("__label__") => DatasetFormat::FastText,
        None if first.contains('\t') => DatasetFormat::Tsv,
        None => {
            let header = match parse_record(first, 0, 1) {
                Record::Fields { fields, .. } => fields,
                Record::Unterminated => vec![],
            };
            if find_column(&header, LABEL_HEADERS).is_some()
                && find_column(&header, TEXT_HEADERS).is_some()
            {
                DatasetFormat::Csv
            } else {
                return Err(TextError::new(
                    "format",
                    format!(
                        "could not detect the format from line {first_no} ({:?}): it has no tab \
                         (TSV: label<TAB>text), is not a CSV header naming a label column ({}) and a \
                         text column ({}), and does not start with __label__ (fastText)",
                        preview(first),
                        LABEL_HEADERS.join(", "),
                        TEXT_HEADERS.join(", ")
                    ),
                ));
            }
        }
    };
    match format {
        DatasetFormat::Tsv => Ok(parse_tsv(input, bad)),
        DatasetFormat::FastText => Ok(parse_fasttext(input, bad)),
        DatasetFormat::Csv => parse_csv(input, options, bad),
    }
}

const BAD_UTF8: &str = "invalid UTF-8 (the line is not valid UTF-8 text)";

fn parse_tsv(input: &str, bad: &BTreeSet<usize>) -> ParsedDataset {
    let mut b = Builder::new(DatasetFormat::Tsv);
    let mut seen_first = false;
    for (no, line) in lines(input) {
        if line.is_empty() {
            continue;
        }
        let is_first = !seen_first;
        seen_first = true;
        if bad.contains(&no) {
            b.reject(no, BAD_UTF8, line);
            continue;
        }
        let Some((label, text)) = line.split_once('\t') else {
            let reason = if line.trim().contains("  ") {
                "missing tab between label and text (expected label<TAB>text; the line has \
                 runs of spaces: an editor may have turned the tab into spaces)"
            } else {
                "missing tab between label and text (expected label<TAB>text)"
            };
            b.reject(no, reason, line);
            continue;
        };
        if is_first && is_name(label, LABEL_HEADERS) && is_name(text, TEXT_HEADERS) {
            b.out.header = Some(vec![label.trim().to_string(), text.trim().to_string()]);
            continue;
        }
        b.example(no, label, text, line);
    }
    b.finish()
}

fn parse_fasttext(input: &str, bad: &BTreeSet<usize>) -> ParsedDataset {
    const PREFIX: &str = "__label__";
    let mut b = Builder::new(DatasetFormat::FastText);
    for (no, line) in lines(input) {
        if line.is_empty() {
            continue;
        }
        if bad.contains(&no) {
            b.reject(no, BAD_UTF8, line);
            continue;
        }
        let mut rest = line.trim_start();
        if !rest.starts_with(PREFIX) {
            b.reject(
                no,
                "missing __label__ prefix (expected __label__<label> text)",
                line,
            );
            continue;
        }
        let mut labels: Vec<&str> = Vec::new();
        while rest.starts_with(PREFIX) {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            labels.push(&rest[PREFIX.len()..end]);
            rest = rest[end..].trim_start();
        }
        if labels.len() > 1 {
            b.out.warnings.push(Warning {
                line: no,
                message: format!(
                    "{} labels ({}); kept the first, {:?}",
                    labels.len(),
                    labels.join(", "),
                    labels[0]
                ),
            });
        }
        b.example(no, labels[0], rest, line);
    }
    b.finish()
}

enum Record {
    /// Fields, the byte offset after the record, the line after the record.
    Fields {
        fields: Vec<String>,
        next: usize,
        next_line: usize,
    },
    /// A quoted field runs to the end of the input.
    Unterminated,
}

/// Parses one RFC 4180 record of `s` starting at byte `pos` (on line `line`).
fn parse_record(s: &str, mut pos: usize, mut line: usize) -> Record {
    let bytes = s.as_bytes();
    let mut fields = Vec::new();
    loop {
        // At the start of a field.
        let mut field = String::new();
        if bytes.get(pos) == Some(&b'"') {
            pos += 1;
            loop {
                let Some(q) = s[pos..].find('"').map(|q| pos + q) else {
                    return Record::Unterminated;
                };
                let chunk = &s[pos..q];
                line += chunk.matches('\n').count();
                field.push_str(&chunk.replace("\r\n", "\n"));
                if bytes.get(q + 1) == Some(&b'"') {
                    field.push('"');
                    pos = q + 2;
                } else {
                    pos = q + 1;
                    break;
                }
            }
        }
        // Unquoted field, or what follows a closing quote (kept, like Python csv).
        let end = s[pos..]
            .find([',', '\n'])
            .map(|e| pos + e)
            .unwrap_or(s.len());
        let tail = &s[pos..end];
        let tail = if bytes.get(end) == Some(&b'\n') || end == s.len() {
            tail.strip_suffix('\r').unwrap_or(tail)
        } else {
            tail
        };
        field.push_str(tail);
        fields.push(field);
        match bytes.get(end) {
            Some(b',') => pos = end + 1,
            Some(_) => {
                return Record::Fields {
                    fields,
                    next: end + 1,
                    next_line: line + 1,
                }
            }
            None => {
                return Record::Fields {
                    fields,
                    next: s.len() + 1,
                    next_line: line + 1,
                }
            }
        }
    }
}

fn find_column(header: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|n| header.iter().position(|h| h.trim().eq_ignore_ascii_case(n)))
}

fn explicit_column(header: &[String], name: &str, field: &str) -> Result<usize, TextError> {
    header
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| {
            TextError::new(
                field,
                format!("no column named {name:?} in the header {header:?}"),
            )
        })
}

fn parse_csv(
    input: &str,
    options: &DatasetOptions,
    bad: &BTreeSet<usize>,
) -> Result<ParsedDataset, TextError> {
    let mut b = Builder::new(DatasetFormat::Csv);
    let mut pos = 0usize;
    let mut line = 1usize;
    let mut header: Option<(Vec<String>, usize, usize)> = None;
    while pos < input.len() {
        let line_end = input[pos..]
            .find('\n')
            .map(|e| pos + e)
            .unwrap_or(input.len());
        let first_line = &input[pos..line_end];
        if first_line
            .strip_suffix('\r')
            .unwrap_or(first_line)
            .is_empty()
        {
            pos = line_end + 1;
            line += 1;
            continue;
        }
        let (fields, next, next_line) = match parse_record(input, pos, line) {
            Record::Fields {
                fields,
                next,
                next_line,
            } => (fields, next, next_line),
            Record::Unterminated => {
                if header.is_none() {
                    return Err(TextError::new(
                        format!("line {line}"),
                        "the CSV header has a quote that is never closed",
                    ));
                }
                b.reject(line, "unterminated quote (a quoted field runs to the end of the file; the line is skipped)", first_line);
                pos = line_end + 1;
                line += 1;
                continue;
            }
        };
        let raw = &input[pos..next.min(input.len())];
        let (start_line, last_line) = (line, next_line - 1);
        pos = next;
        line = next_line;
        let Some((head, label_col, text_col)) = &header else {
            let label_col = match &options.label_column {
                Some(n) => explicit_column(&fields, n, "label_column")?,
                None => find_column(&fields, LABEL_HEADERS).ok_or_else(|| {
                    TextError::new(
                        "label_column",
                        format!("the CSV header {fields:?} has no label column ({}); name one in the options", LABEL_HEADERS.join(", ")),
                    )
                })?,
            };
            let text_col = match &options.text_column {
                Some(n) => explicit_column(&fields, n, "text_column")?,
                None => find_column(&fields, TEXT_HEADERS).ok_or_else(|| {
                    TextError::new(
                        "text_column",
                        format!("the CSV header {fields:?} has no text column ({}); name one in the options", TEXT_HEADERS.join(", ")),
                    )
                })?,
            };
            if label_col == text_col {
                return Err(TextError::new(
                    "text_column",
                    "the label and text columns are the same column",
                ));
            }
            let trimmed: Vec<String> = fields.iter().map(|f| f.trim().to_string()).collect();
            b.out.header = Some(trimmed.clone());
            header = Some((trimmed, label_col, text_col));
            continue;
        };
        let span = if last_line > start_line {
            format!(" (the record spans lines {start_line}-{last_line})")
        } else {
            String::new()
        };
        if bad.range(start_line..=last_line).next().is_some() {
            b.reject(start_line, format!("{BAD_UTF8}{span}"), raw);
        } else if fields.len() != head.len() {
            b.reject(
                start_line,
                format!(
                    "wrong column count: expected {} fields as in the header, found {}{span}",
                    head.len(),
                    fields.len()
                ),
                raw,
            );
        } else {
            b.example(start_line, &fields[*label_col], &fields[*text_col], raw);
        }
    }
    if header.is_none() {
        return Err(TextError::new("input", "no data: the input is empty"));
    }
    Ok(b.finish())
}
