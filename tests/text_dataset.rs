//! Dataset parsing on real samples (tests/data, see its README for sources)
//! and on hand-made edge cases. Expected label counts were counted with
//! `cut -f1 FILE | sort | uniq -c` on the samples.

use nn_playground::text::segment::{split_auto, split_auto_units, split_words};
use nn_playground::text::{
    parse_dataset, parse_dataset_bytes, DatasetFormat, DatasetOptions, KERAS_FILTERS,
};

fn parse(s: &str) -> nn_playground::text::ParsedDataset {
    parse_dataset(s, &DatasetOptions::default()).unwrap()
}

fn counts(d: &nn_playground::text::ParsedDataset) -> Vec<(&str, usize)> {
    d.label_counts
        .iter()
        .map(|(l, n)| (l.as_str(), *n))
        .collect()
}

#[test]
fn sms_tsv_sample() {
    let d = parse(include_str!("data/sms_spam_en_sample.tsv"));
    assert_eq!(d.format, DatasetFormat::Tsv);
    assert_eq!(d.len(), 40);
    assert!(d.rejected.is_empty());
    assert_eq!(counts(&d), vec![("ham", 31), ("spam", 9)]);
    assert_eq!(d.texts[1], "Ok lar... Joking wif u oni...");
    assert_eq!(d.source_lines[39], 40);
    assert_eq!(d.label_names(), vec!["ham", "spam"]);
    assert_eq!(&d.label_ids()[..3], &[0, 0, 1]);
}

#[test]
fn trec_tsv_sample() {
    let d = parse(include_str!("data/trec_qc_coarse_en_sample.tsv"));
    assert_eq!(d.len(), 40);
    assert_eq!(
        counts(&d),
        vec![
            ("DESC", 10),
            ("ENTY", 9),
            ("ABBR", 2),
            ("HUM", 9),
            ("NUM", 6),
            ("LOC", 4)
        ]
    );
}

#[test]
fn chinese_tsv_sample() {
    let d = parse(include_str!("data/shopping_reviews_zh_sample.tsv"));
    assert_eq!(d.len(), 40);
    assert_eq!(counts(&d), vec![("pos", 21), ("neg", 19)]);
    assert_eq!(d.texts[11], "声卡驱动折腾了半天。");
    // Auto splits it per character, the final 。 being a separator ...
    assert_eq!(
        split_auto_units(&d.texts[11], KERAS_FILTERS),
        ["声", "卡", "驱", "动", "折", "腾", "了", "半", "天"]
    );
    // ... and adds each neighbouring pair (one run: 8 bigrams).
    assert_eq!(
        split_auto(&d.texts[11], KERAS_FILTERS),
        ["声", "声卡", "卡", "卡驱", "驱", "驱动", "动", "动折", "折", "折腾", "腾", "腾了", "了", "了半", "半", "半天", "天"]
    );
}

#[test]
fn csv_sample_written_by_python_equals_tsv() {
    // Header "Category,Message": recognised label and text names; CRLF; quoted
    // fields with commas and "" escapes.
    let csv = parse(include_str!("data/sms_spam_en_sample.csv"));
    let tsv = parse(include_str!("data/sms_spam_en_sample.tsv"));
    assert_eq!(csv.format, DatasetFormat::Csv);
    assert_eq!(
        csv.header,
        Some(vec!["Category".to_string(), "Message".to_string()])
    );
    assert!(csv.rejected.is_empty(), "{:?}", csv.rejected);
    assert_eq!(csv.texts, tsv.texts);
    assert_eq!(csv.labels, tsv.labels);
    // Line numbers shift by the header.
    assert_eq!(csv.source_lines[0], 2);
}

#[test]
fn fasttext_sample_equals_tsv() {
    let ft = parse(include_str!("data/trec_qc_coarse_en_sample.ft"));
    let tsv = parse(include_str!("data/trec_qc_coarse_en_sample.tsv"));
    assert_eq!(ft.format, DatasetFormat::FastText);
    assert_eq!(ft.texts, tsv.texts);
    assert_eq!(ft.label_counts, tsv.label_counts);
}

#[test]
fn auto_is_keras_words_on_english_samples() {
    // Every ASCII-only line of the English samples tokenizes the same in Auto
    // and in Keras' Words mode.
    let mut checked = 0;
    for src in [
        include_str!("data/sms_spam_en_sample.tsv"),
        include_str!("data/trec_qc_coarse_en_sample.tsv"),
    ] {
        for t in parse(src).texts {
            if t.is_ascii() {
                let l = t.to_lowercase();
                assert_eq!(
                    split_auto(&l, KERAS_FILTERS),
                    split_words(&l, KERAS_FILTERS, " "),
                    "{t}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "only {checked} ASCII lines");
}

#[test]
fn tsv_rejections_are_reported_with_line_numbers() {
    let input = "\u{FEFF}pos\tgood one\n\nno tab here\n\tmissing label\nneg\t   \n  \nneg\tbad\twith tab\r\n\r\npos\tlast";
    let d = parse(input);
    assert_eq!(d.format, DatasetFormat::Tsv);
    // BOM stripped from the first label.
    assert_eq!(d.labels, ["pos", "neg", "pos"]);
    assert_eq!(d.texts, ["good one", "bad\twith tab", "last"]);
    assert_eq!(d.source_lines, [1, 7, 9]);
    let rej: Vec<(usize, &str)> = d
        .rejected
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    assert_eq!(rej.len(), 4);
    assert_eq!(rej[0].0, 3);
    assert!(rej[0].1.starts_with("missing tab"));
    assert!(!rej[0].1.contains("spaces"), "{}", rej[0].1);
    assert_eq!(rej[1], (4, "empty label"));
    assert_eq!(rej[2], (5, "empty text"));
    // A line of spaces is not truly empty: reported.
    assert_eq!(rej[3].0, 6);
    assert!(!rej[3].1.contains("spaces"), "{}", rej[3].1);
    // Label and text separated by spaces, as an editor may leave a tab: a hint.
    let spaced = parse("ham\tok\nspam    win a prize\n");
    assert_eq!(spaced.rejected[0].line, 2);
    let why = &spaced.rejected[0].reason;
    assert!(why.contains("an editor may have turned the tab into spaces"), "{why}");
    assert_eq!(d.rejected[1].content_preview, "\\tmissing label");
}

#[test]
fn tsv_header_line_is_skipped() {
    let d = parse("Label\tText\na\tx\n");
    assert_eq!(
        d.header,
        Some(vec!["Label".to_string(), "Text".to_string()])
    );
    assert_eq!(
        (d.labels.clone(), d.rejected.len()),
        (vec!["a".to_string()], 0)
    );
}

#[test]
fn csv_quoting_rules() {
    let input = concat!(
        "id,Review,sentiment,label\r\n",
        "1,\"Hello, \"\"world\"\"\",x,pos\r\n", // line 2: comma and "" inside quotes
        "2,\"two\r\nlines\",x,neg\r\n",         // lines 3-4: newline inside quotes
        "3,plain text,x,pos\n",                 // line 5: LF only
        "4,too,many,fields,here\n",             // line 6: 5 fields
        "5,\"\",x,pos\n",                       // line 7: empty text
        "6,he said \"hi\",x,neg\n",             // line 8: literal quote in unquoted field
        "\n",                                   // line 9: blank
        "7,\"never closed,x,pos\n",             // line 10: unterminated
        "8,after,x,neg",                        // line 11: no final newline
    );
    let d = parse(input);
    assert_eq!(d.format, DatasetFormat::Csv);
    // label_column: "label" preferred over nothing else; text: "review".
    assert_eq!(
        d.texts,
        [
            "Hello, \"world\"",
            "two\nlines",
            "plain text",
            "he said \"hi\"",
            "after"
        ]
    );
    assert_eq!(d.labels, ["pos", "neg", "pos", "neg", "neg"]);
    assert_eq!(d.source_lines, [2, 3, 5, 8, 11]);
    let rej: Vec<(usize, &str)> = d
        .rejected
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    assert_eq!(rej.len(), 3, "{rej:?}");
    assert_eq!(
        rej[0],
        (
            6,
            "wrong column count: expected 4 fields as in the header, found 5"
        )
    );
    assert_eq!(rej[1], (7, "empty text"));
    assert_eq!(rej[2].0, 10);
    assert!(rej[2].1.starts_with("unterminated quote"));
}

#[test]
fn csv_multiline_record_with_bad_count_names_its_span() {
    let d = parse("label,text\na,\"x\ny\",extra\nb,ok\n");
    assert_eq!(d.rejected.len(), 1);
    assert_eq!(d.rejected[0].line, 2);
    assert!(
        d.rejected[0]
            .reason
            .ends_with("(the record spans lines 2-3)"),
        "{}",
        d.rejected[0].reason
    );
    assert_eq!(d.labels, ["b"]);
}

#[test]
fn csv_explicit_columns_and_header_errors() {
    let opts = DatasetOptions {
        label_column: Some("Stars".into()),
        text_column: Some("body".into()),
        ..Default::default()
    };
    let d = parse_dataset("body,stars\ngreat,5\n", &opts).unwrap();
    assert_eq!((d.labels[0].as_str(), d.texts[0].as_str()), ("5", "great"));
    let opts = DatasetOptions {
        label_column: Some("missing".into()),
        ..Default::default()
    };
    assert_eq!(
        parse_dataset("body,stars\ngreat,5\n", &opts)
            .unwrap_err()
            .field,
        "label_column"
    );
    let opts = DatasetOptions {
        format: Some(DatasetFormat::Csv),
        ..Default::default()
    };
    assert_eq!(
        parse_dataset("label,body\na,b\n", &opts).unwrap_err().field,
        "text_column"
    );
    // Not a known header, no tab, no __label__: cannot detect.
    assert_eq!(
        parse_dataset("foo,bar\n1,2\n", &DatasetOptions::default())
            .unwrap_err()
            .field,
        "format"
    );
    assert_eq!(
        parse_dataset("", &DatasetOptions::default())
            .unwrap_err()
            .field,
        "input"
    );
    assert_eq!(
        parse_dataset("\n\r\n\n", &DatasetOptions::default())
            .unwrap_err()
            .field,
        "input"
    );
}

#[test]
fn fasttext_rules() {
    let input = "__label__pos great stuff\n__label__neg __label__spam two labels\n__label__ empty label\nno prefix\n__label__pos\n";
    let d = parse(input);
    assert_eq!(d.format, DatasetFormat::FastText);
    assert_eq!(d.labels, ["pos", "neg"]);
    assert_eq!(d.texts, ["great stuff", "two labels"]);
    assert_eq!(d.warnings.len(), 1);
    assert_eq!(d.warnings[0].line, 2);
    assert!(d.warnings[0].message.contains("kept the first, \"neg\""));
    let rej: Vec<(usize, &str)> = d
        .rejected
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    assert_eq!(rej[0], (3, "empty label"));
    assert!(rej[1].1.starts_with("missing __label__"));
    assert_eq!(rej[2], (5, "empty text"));
}

#[test]
fn invalid_utf8_lines_are_rejected_not_dropped() {
    let mut bytes = b"pos\tfine\n".to_vec();
    bytes.extend_from_slice(b"neg\tbad \xff\xfe byte\n");
    bytes.extend_from_slice(b"neg\talso fine\n");
    let d = parse_dataset_bytes(&bytes, &DatasetOptions::default()).unwrap();
    assert_eq!(d.texts, ["fine", "also fine"]);
    assert_eq!(d.rejected.len(), 1);
    assert_eq!(d.rejected[0].line, 2);
    assert!(d.rejected[0].reason.starts_with("invalid UTF-8"));
    // BOM as bytes.
    let d = parse_dataset_bytes(b"\xEF\xBB\xBFa\tb", &DatasetOptions::default()).unwrap();
    assert_eq!(d.labels, ["a"]);
}

#[test]
fn preview_is_short_and_escaped() {
    let long = format!("{}\n", "x".repeat(500));
    let d = parse(&format!("a\tb\n{long}"));
    let p = &d.rejected[0].content_preview;
    assert_eq!(p.chars().count(), 81);
    assert!(p.ends_with('…'));
}
