//! Splitting (already lower-cased) text into tokens, in three modes.
//!
//! - [`Tokenization::Words`]: exactly Keras' `text_to_word_sequence`: every
//!   character of `filters` is replaced by `split`, the text is split on
//!   `split`, and empty pieces are dropped. Nothing else is a separator: `\r`,
//!   the no-break space and CJK punctuation stay inside words, as in Keras.
//! - [`Tokenization::Chars`]: one token per user-perceived character
//!   (a base character with its combining marks, emoji modifiers and ZWJ
//!   sequences), skipping whitespace, `filters` and the extra separators
//!   below. Unlike Keras' `char_level=True` (which keeps spaces and
//!   punctuation as tokens) this drops them.
//! - [`Tokenization::Auto`]: mixed. Runs of Han, Hiragana, Katakana, Hangul,
//!   Bopomofo, Yi, Thai, Lao, Khmer and Myanmar give one token per character;
//!   each emoji is its own token; everything else forms words separated by
//!   Unicode whitespace, `filters` and the extra separators. The choice is
//!   made per character, so it is the same for every text, at fit time and
//!   later: no corpus statistics are involved. On text made only of printable
//!   ASCII, spaces, `\t` and `\n` it gives the same tokens as `Words`.
//!   Within each run of such characters (punctuation and spaces skipped, a
//!   word or emoji ends it), every pair of neighbours is also a token
//!   (character 1-2-grams, interleaved in text order).
//!   Example: `"我喜欢iPhone 15"` ->
//!   `["我","我喜","喜","喜欢","欢","iphone","15"]`.
//!
//! Why bigrams in Auto: most Chinese words are two characters and a single
//! character is often ambiguous (不 "not", 错 "wrong", 不错 "good"). With
//! characters alone the classifier must learn every such pair from the data
//! through the Conv1D; with the pairs as tokens each gets its own embedding,
//! as in the usual character 1-2-gram baselines. On the 4,000 Chinese reviews
//! (shopping_reviews_zh) this lifts validation accuracy by about 2 points
//! (see README, Quality). Text without such scripts is unaffected. A model
//! whose tokenizer was fitted before bigrams existed still gets the same ids:
//! bigrams are not in its index and are dropped like any unknown word.
//!
//! Our extension (Chars and Auto only, Keras has no such rule): full-width and
//! CJK punctuation (，。！？、；：「」（）《》【】…), general punctuation (— “ ” …),
//! `« » ¡ ¿` and the ideographic space separate tokens like Keras' filters.
//! The curly apostrophes `‘ ’` and the middle dot `·` are separators too,
//! except between two word characters in Auto mode, where they stay inside
//! the word (`don’t`, `col·lecció`), like the ASCII `'` does in Keras.
//!
//! Limits: no Unicode normalisation (NFC "é" and NFD "e\u{301}" are different
//! tokens; full-width "ＸＰ" is not folded to "xp"), no dictionary word
//! segmentation for Thai or Chinese (characters are the unit), and the
//! grapheme rules are a compact approximation of UAX #29 written for this
//! module (combining marks, variation selectors, skin tones, ZWJ sequences,
//! flag pairs, keycaps).

use serde::{Deserialize, Serialize};

/// How text is cut into tokens; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Tokenization {
    /// Keras' word splitting (the default, as in Keras).
    #[default]
    Words,
    /// One token per character, whitespace and punctuation dropped.
    Chars,
    /// Words for spaced scripts, characters for CJK/Thai-like scripts, emoji apart.
    Auto,
}

fn in_ranges(c: char, ranges: &[(u32, u32)]) -> bool {
    let u = c as u32;
    ranges.iter().any(|&(lo, hi)| lo <= u && u <= hi)
}

/// Han ideographs (CJK Unified Ideographs and extensions A-H, compatibility
/// ideographs, radicals), plus 々 〆 〇 and the Hangzhou numerals.
pub fn is_han(c: char) -> bool {
    in_ranges(
        c,
        &[
            (0x2E80, 0x2FDF),   // CJK radicals supplement, Kangxi radicals
            (0x3005, 0x3007),   // 々 〆 〇
            (0x3021, 0x3029),   // Hangzhou numerals
            (0x3038, 0x303B),   // more Hangzhou numerals, 〻
            (0x3400, 0x4DBF),   // extension A
            (0x4E00, 0x9FFF),   // unified ideographs
            (0xF900, 0xFAFF),   // compatibility ideographs
            (0x20000, 0x323AF), // extensions B-H and compatibility supplement
        ],
    )
}

/// Hiragana and Katakana (with the phonetic extensions, half-width forms and
/// the kana repeat marks), without the katakana middle dot `・` (punctuation).
pub fn is_kana(c: char) -> bool {
    c != '\u{30FB}'
        && in_ranges(
            c,
            &[
                (0x3031, 0x3035),   // kana repeat marks
                (0x3041, 0x309F),   // hiragana (3099-309A are combining, handled as extend)
                (0x30A0, 0x30FF),   // katakana
                (0x31F0, 0x31FF),   // katakana phonetic extensions
                (0xFF66, 0xFF9F),   // half-width katakana
                (0x1B000, 0x1B16F), // kana supplement / extended
            ],
        )
}

/// Hangul syllables and jamo (including half-width forms).
pub fn is_hangul(c: char) -> bool {
    in_ranges(
        c,
        &[
            (0x1100, 0x11FF),
            (0x3130, 0x318F),
            (0xA960, 0xA97F),
            (0xAC00, 0xD7AF),
            (0xD7B0, 0xD7FF),
            (0xFFA0, 0xFFDC),
        ],
    )
}

/// Other scripts written without spaces between words, which Auto splits per
/// character: Bopomofo, Yi, Thai, Lao, Khmer, Myanmar.
pub fn is_unspaced_script(c: char) -> bool {
    in_ranges(
        c,
        &[
            (0x0E00, 0x0E7F), // Thai
            (0x0E80, 0x0EFF), // Lao
            (0x1000, 0x109F), // Myanmar
            (0x1780, 0x17FF), // Khmer
            (0x3100, 0x312F), // Bopomofo
            (0x31A0, 0x31BF), // Bopomofo extended
            (0xA000, 0xA4CF), // Yi
        ],
    )
}

/// Characters that Auto mode turns into one token each.
pub fn is_per_char_script(c: char) -> bool {
    is_han(c) || is_kana(c) || is_hangul(c) || is_unspaced_script(c)
}

/// Emoji base characters (pictographs, dingbats, flags' regional indicators
/// and the few emoji in other blocks). Keycaps and text symbols followed by
/// U+FE0F are recognised at the cluster level ([`cluster_is_emoji`]).
pub fn is_emoji(c: char) -> bool {
    in_ranges(
        c,
        &[
            (0x203C, 0x203C),
            (0x2049, 0x2049),
            (0x2122, 0x2122),
            (0x2139, 0x2139),
            (0x2194, 0x2199),
            (0x21A9, 0x21AA),
            (0x231A, 0x231B),
            (0x2328, 0x2328),
            (0x23CF, 0x23CF),
            (0x23E9, 0x23F3),
            (0x23F8, 0x23FA),
            (0x24C2, 0x24C2),
            (0x25AA, 0x25AB),
            (0x25B6, 0x25B6),
            (0x25C0, 0x25C0),
            (0x25FB, 0x25FE),
            (0x2600, 0x27BF), // misc symbols, dingbats
            (0x2934, 0x2935),
            (0x2B05, 0x2B07),
            (0x2B1B, 0x2B1C),
            (0x2B50, 0x2B50),
            (0x2B55, 0x2B55),
            (0x303D, 0x303D),
            (0x3297, 0x3297),
            (0x3299, 0x3299),
            (0x1F000, 0x1F0FF), // mahjong, dominoes, cards
            (0x1F100, 0x1F2FF), // enclosed alphanumerics / ideographs, regional indicators
            (0x1F300, 0x1F5FF), // pictographs
            (0x1F600, 0x1F64F), // emoticons
            (0x1F680, 0x1F6FF), // transport and map
            (0x1F7E0, 0x1F7EB), // coloured circles and squares
            (0x1F900, 0x1F9FF), // supplemental pictographs
            (0x1FA70, 0x1FAFF), // pictographs extended-A
        ],
    )
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// Characters that attach to the preceding character: combining marks of the
/// common scripts, variation selectors, emoji skin-tone modifiers and tags,
/// the combining kana voicing marks and Hangul vowel/final jamo. (ZWJ is
/// handled separately: it joins the next character too.)
pub fn is_extend(c: char) -> bool {
    let u = c as u32;
    // Brahmic scripts 0900-0DFF: vowel signs, virama, nukta and the signs
    // 01-03 sit at the same offsets in each 128-character block (ISCII layout).
    if (0x0900..=0x0D7F).contains(&u) {
        let o = u & 0x7F;
        return matches!(o, 0x01..=0x03 | 0x3A..=0x3C | 0x3E..=0x4F | 0x51..=0x57 | 0x62..=0x63);
    }
    in_ranges(
        c,
        &[
            (0x0300, 0x036F), // combining diacritical marks
            (0x0483, 0x0489), // Cyrillic
            (0x0591, 0x05BD), // Hebrew points
            (0x05BF, 0x05BF),
            (0x05C1, 0x05C2),
            (0x05C4, 0x05C5),
            (0x05C7, 0x05C7),
            (0x0610, 0x061A), // Arabic
            (0x064B, 0x065F),
            (0x0670, 0x0670),
            (0x06D6, 0x06DC),
            (0x06DF, 0x06E4),
            (0x06E7, 0x06E8),
            (0x06EA, 0x06ED),
            (0x0D81, 0x0D83), // Sinhala signs
            (0x0DCA, 0x0DCA),
            (0x0DCF, 0x0DDF),
            (0x0E31, 0x0E31), // Thai
            (0x0E34, 0x0E3A),
            (0x0E47, 0x0E4E),
            (0x0EB1, 0x0EB1), // Lao
            (0x0EB4, 0x0EBC),
            (0x0EC8, 0x0ECE),
            (0x102B, 0x103E), // Myanmar
            (0x1056, 0x1059),
            (0x105E, 0x1060),
            (0x1062, 0x1064),
            (0x1067, 0x106D),
            (0x1071, 0x1074),
            (0x1082, 0x108D),
            (0x108F, 0x108F),
            (0x109A, 0x109D),
            (0x1160, 0x11FF), // Hangul medial vowels and final consonants
            (0x17B4, 0x17D3), // Khmer
            (0x17DD, 0x17DD),
            (0x1AB0, 0x1AFF),
            (0x1DC0, 0x1DFF),
            (0x20D0, 0x20FF), // combining marks for symbols (incl. keycap 20E3)
            (0x3099, 0x309A), // combining kana voicing marks
            (0xD7B0, 0xD7FF), // Hangul jamo extended-B
            (0xFE00, 0xFE0F), // variation selectors
            (0xFE20, 0xFE2F),
            (0x1F3FB, 0x1F3FF), // skin tones
            (0xE0020, 0xE007F), // tags (subdivision flags)
            (0xE0100, 0xE01EF), // variation selectors supplement
        ],
    )
}

const ZWJ: char = '\u{200D}';

/// Our extra separators (Chars and Auto only): CJK and full-width
/// punctuation, general punctuation, `« » ¡ ¿ ·`.
pub fn is_extra_separator(c: char) -> bool {
    in_ranges(
        c,
        &[
            (0x00A1, 0x00A1), // ¡
            (0x00AB, 0x00AB), // «
            (0x00B7, 0x00B7), // ·
            (0x00BB, 0x00BB), // »
            (0x00BF, 0x00BF), // ¿
            (0x2010, 0x2027), // dashes, quotes, bullets, … ‥
            (0x2030, 0x205E), // ‰ ′ ‹ › ※ ‼ ⁇ ...
            (0x3000, 0x3004), // ideographic space 、 。 〃
            (0x3008, 0x3011), // 〈〉《》「」『』【】
            (0x3014, 0x301F), // 〔〕〖〗〘〙〚〛〜〝〞〟
            (0x3030, 0x3030), // 〰
            (0x30FB, 0x30FB), // ・
            (0xFE10, 0xFE19), // vertical forms
            (0xFE30, 0xFE4F), // CJK compatibility forms
            (0xFE50, 0xFE6B), // small form variants
            (0xFF01, 0xFF0F), // ！＂＃＄％＆＇（）＊＋，－．／
            (0xFF1A, 0xFF20), // ：；＜＝＞？＠
            (0xFF3B, 0xFF40), // ［＼］＾＿｀
            (0xFF5B, 0xFF65), // ｛｜｝～｟｠｡｢｣､･
        ],
    )
}

/// Separators that Auto keeps inside a word when both neighbours are word
/// characters: `‘ ’ ·`.
fn is_inword_joiner(c: char) -> bool {
    matches!(c, '\u{2018}' | '\u{2019}' | '\u{00B7}')
}

/// Splits text into user-perceived characters (approximate UAX #29, see the
/// module docs). Never returns an empty cluster.
pub fn clusters(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut ri_run = 0usize; // regional indicators in the current cluster
    for (i, c) in text.char_indices() {
        let joins = match prev {
            None => false,
            Some(p) => {
                is_extend(c)
                    || c == ZWJ
                    || p == ZWJ
                    || (is_regional_indicator(c) && is_regional_indicator(p) && ri_run % 2 == 1)
            }
        };
        if !joins {
            if let Some(s) = start {
                out.push(&text[s..i]);
            }
            start = Some(i);
            ri_run = 0;
        }
        if is_regional_indicator(c) {
            ri_run += 1;
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Whether a cluster is an emoji: an emoji base, or any character with the
/// emoji presentation selector U+FE0F or the keycap mark U+20E3.
pub fn cluster_is_emoji(cluster: &str) -> bool {
    let mut chars = cluster.chars();
    match chars.next() {
        None => false,
        Some(first) => {
            is_emoji(first) || cluster.contains('\u{FE0F}') || cluster.contains('\u{20E3}')
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Separator,
    Joiner,
    Single,
    Word,
}

fn classify(cluster: &str, filters: &str) -> Class {
    let base = match cluster.chars().next() {
        Some(c) => c,
        None => return Class::Separator,
    };
    if cluster_is_emoji(cluster) {
        Class::Single
    } else if is_inword_joiner(base) {
        Class::Joiner
    } else if base.is_whitespace() || filters.contains(base) || is_extra_separator(base) {
        Class::Separator
    } else if is_per_char_script(base) {
        Class::Single
    } else {
        Class::Word
    }
}

/// Keras' `text_to_word_sequence` after lower-casing: filters -> `split`,
/// split on `split`, drop empty strings. `split` must be non-empty (checked by
/// the tokenizer config); an empty `split` returns the whole text as one token.
pub fn split_words(text: &str, filters: &str, split: &str) -> Vec<String> {
    if split.is_empty() {
        return if text.is_empty() {
            vec![]
        } else {
            vec![text.to_string()]
        };
    }
    let mut translated = String::with_capacity(text.len());
    for c in text.chars() {
        if filters.contains(c) {
            translated.push_str(split);
        } else {
            translated.push(c);
        }
    }
    translated
        .split(split)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// One token per character cluster, dropping whitespace, filters and the
/// extra separators (joiners included).
pub fn split_chars(text: &str, filters: &str) -> Vec<String> {
    clusters(text)
        .into_iter()
        .filter(|c| matches!(classify(c, filters), Class::Single | Class::Word))
        .map(str::to_string)
        .collect()
}

/// The tokens of [`Tokenization::Auto`]: [`split_auto_units`] plus, inside
/// every run of per-character-script clusters, the bigram of each
/// neighbouring pair, interleaved: `"我喜欢"` -> `我, 我喜, 喜, 喜欢, 欢`.
/// Punctuation and spaces are skipped, not run breaks, so a clause's last
/// character pairs with the next clause's first (`"不错，但"` gives `错但`),
/// as in a character n-gram over the text with punctuation removed (measured:
/// +0.5 points on shopping_reviews_zh over breaking the run, 10 seeds, within
/// one standard deviation). A word or an emoji ends the run.
/// This is [`split_auto_positions`] flattened, each bigram before its unit.
pub fn split_auto(text: &str, filters: &str) -> Vec<String> {
    let mut out = Vec::new();
    for p in split_auto_positions(text, filters) {
        out.extend(p.bigram);
        out.push(p.unit);
    }
    out
}

/// The mixed segmentation behind [`Tokenization::Auto`], without bigrams:
/// words, one token per CJK/Thai-like character, emoji apart.
pub fn split_auto_units(text: &str, filters: &str) -> Vec<String> {
    split_auto_positions(text, filters)
        .into_iter()
        .map(|p| p.unit)
        .collect()
}

/// One unit of [`Tokenization::Auto`] (a word, a CJK/Thai-like character or
/// an emoji) and, for a character that continues a run, the bigram that ends
/// at it (`"我喜"` for `喜` in `"我喜欢"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoPosition {
    pub unit: String,
    pub bigram: Option<String>,
}

/// Auto's units with the bigram ending at each (see [`split_auto`]):
/// `"我喜欢iPhone"` -> `(我, -), (喜, 我喜), (欢, 喜欢), (iphone, -)`.
/// The text classifier embeds both at one sequence position.
pub fn split_auto_positions(text: &str, filters: &str) -> Vec<AutoPosition> {
    let cl = clusters(text);
    let classes: Vec<Class> = cl.iter().map(|c| classify(c, filters)).collect();
    let mut out = Vec::new();
    let unit = |u: String| AutoPosition {
        unit: u,
        bigram: None,
    };
    let mut word = String::new();
    // The last per-character-script cluster of the current run.
    let mut prev_unit: Option<&str> = None;
    for (i, (c, class)) in cl.iter().zip(&classes).enumerate() {
        let is_unit = *class == Class::Single && !cluster_is_emoji(c);
        let bigram = if is_unit {
            prev_unit.map(|p| format!("{p}{c}"))
        } else {
            None
        };
        if is_unit {
            prev_unit = Some(*c);
        } else if !matches!(class, Class::Separator | Class::Joiner) {
            // A word or an emoji ends the run; punctuation and spaces do not.
            prev_unit = None;
        }
        match class {
            Class::Word => word.push_str(c),
            Class::Joiner => {
                let next_is_word = classes.get(i + 1) == Some(&Class::Word);
                if !word.is_empty() && next_is_word {
                    word.push_str(c);
                } else if !word.is_empty() {
                    out.push(unit(std::mem::take(&mut word)));
                }
            }
            Class::Separator => {
                if !word.is_empty() {
                    out.push(unit(std::mem::take(&mut word)));
                }
            }
            Class::Single => {
                if !word.is_empty() {
                    out.push(unit(std::mem::take(&mut word)));
                }
                out.push(AutoPosition {
                    unit: c.to_string(),
                    bigram,
                });
            }
        }
    }
    if !word.is_empty() {
        out.push(unit(word));
    }
    out
}

/// Segments already lower-cased text with the given mode.
pub fn segment(text: &str, mode: Tokenization, filters: &str, split: &str) -> Vec<String> {
    match mode {
        Tokenization::Words => split_words(text, filters, split),
        Tokenization::Chars => split_chars(text, filters),
        Tokenization::Auto => split_auto(text, filters),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: &str = crate::text::tokenizer::KERAS_FILTERS;

    /// Auto's segmentation (no bigrams): what most tests below pin.
    fn auto(s: &str) -> Vec<String> {
        split_auto_units(&s.to_lowercase(), F)
    }

    fn chars(s: &str) -> Vec<String> {
        split_chars(&s.to_lowercase(), F)
    }

    #[test]
    fn auto_adds_bigrams_within_runs_only() {
        let a = |s: &str| split_auto(&s.to_lowercase(), F);
        assert_eq!(
            a("我喜欢iPhone 15"),
            ["我", "我喜", "喜", "喜欢", "欢", "iphone", "15"]
        );
        // Punctuation does not end the run; a word or an emoji does.
        assert_eq!(
            a("不错，运行！"),
            ["不", "不错", "错", "错运", "运", "运行", "行"]
        );
        assert_eq!(a("好a坏"), ["好", "a", "坏"]);
        assert_eq!(a("好😀坏"), ["好", "😀", "坏"]);
        assert_eq!(a("😀😀"), ["😀", "😀"]);
        // Kana and Hangul clusters pair up too; a single character has no pair.
        assert_eq!(a("カ\u{3099}ー"), ["カ\u{3099}", "カ\u{3099}ー", "ー"]);
        assert_eq!(a("猫"), ["猫"]);
        // Without per-character scripts it is the segmentation unchanged.
        assert_eq!(a("Don't stop"), split_auto_units("don't stop", F));
    }

    #[test]
    fn auto_positions_pair_each_character_with_the_bigram_ending_there() {
        let p = |s: &str| -> Vec<(String, Option<String>)> {
            split_auto_positions(&s.to_lowercase(), F)
                .into_iter()
                .map(|p| (p.unit, p.bigram))
                .collect()
        };
        let o = |u: &str, b: Option<&str>| (u.to_string(), b.map(str::to_string));
        assert_eq!(
            p("我喜欢iPhone 15，不错"),
            [
                o("我", None),
                o("喜", Some("我喜")),
                o("欢", Some("喜欢")),
                o("iphone", None),
                o("15", None),
                o("不", None),
                o("错", Some("不错"))
            ]
        );
        // Punctuation does not break the run; an emoji does.
        assert_eq!(
            p("好，坏😀差"),
            [
                o("好", None),
                o("坏", Some("好坏")),
                o("😀", None),
                o("差", None)
            ]
        );
        for s in [
            "我喜欢iPhone 15",
            "不错，运行！",
            "カ\u{3099}ー",
            "Don't stop",
            "好😀坏",
        ] {
            let l = s.to_lowercase();
            let flat: Vec<String> = split_auto_positions(&l, F)
                .into_iter()
                .flat_map(|p| p.bigram.into_iter().chain([p.unit]))
                .collect();
            assert_eq!(flat, split_auto(&l, F), "{s}");
        }
    }

    #[test]
    fn chinese_mixed_with_latin() {
        assert_eq!(auto("我喜欢iPhone 15"), ["我", "喜", "欢", "iphone", "15"]);
        // Full-width punctuation separates (our extension); Keras would keep
        // "不错，运行速度" as one word.
        assert_eq!(auto("不错，运行！"), ["不", "错", "运", "行"]);
        assert_eq!(
            auto("「好」（很）《书》【新】、；：…"),
            ["好", "很", "书", "新"]
        );
        assert_eq!(split_words("不错，运行！", F, " "), ["不错，运行！"]);
    }

    #[test]
    fn japanese_scripts() {
        // Han 東 京, Hiragana は, Katakana テ レ ビ, the long vowel mark ー,
        // the ideographic full stop 。 and the katakana middle dot ・ (separators).
        assert_eq!(
            auto("東京はテレビー。"),
            ["東", "京", "は", "テ", "レ", "ビ", "ー"]
        );
        assert_eq!(
            auto("コーヒー・カップ"),
            ["コ", "ー", "ヒ", "ー", "カ", "ッ", "プ"]
        );
        // Half-width katakana and NFD voiced kana (カ + U+3099) stay one cluster.
        assert_eq!(auto("ｶﾀｶﾅ"), ["ｶ", "ﾀ", "ｶ", "ﾅ"]);
        assert_eq!(auto("カ\u{3099}"), ["カ\u{3099}"]);
    }

    #[test]
    fn korean_hangul() {
        assert_eq!(
            auto("안녕하세요 Seoul"),
            ["안", "녕", "하", "세", "요", "seoul"]
        );
        // Conjoining jamo (NFD 한 = U+1112 U+1161 U+11AB) form one token.
        assert_eq!(
            auto("\u{1112}\u{1161}\u{11AB}"),
            ["\u{1112}\u{1161}\u{11AB}"]
        );
    }

    #[test]
    fn thai_clusters() {
        // ก + ิ (U+0E34, combining) is one cluster; น; ข + ้ + า ... split per cluster.
        assert_eq!(auto("กิน"), ["กิ", "น"]);
        assert_eq!(auto("ข้าว"), ["ข้", "า", "ว"]);
    }

    #[test]
    fn emoji_are_separate_tokens() {
        assert_eq!(auto("great😀movie"), ["great", "😀", "movie"]);
        assert_eq!(auto("😀😀"), ["😀", "😀"]);
        // Skin tone, ZWJ family, flag pair, keycap, heart with VS16.
        assert_eq!(auto("👍🏽ok"), ["👍🏽", "ok"]);
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(auto(&format!("a{family}b")), ["a", family, "b"]);
        assert_eq!(auto("🇫🇷🇩🇪"), ["🇫🇷", "🇩🇪"]);
        assert_eq!(auto("1\u{FE0F}\u{20E3} x"), ["1\u{FE0F}\u{20E3}", "x"]);
        assert_eq!(auto("i ❤\u{FE0F} u"), ["i", "❤\u{FE0F}", "u"]);
        assert_eq!(chars("a😀"), ["a", "😀"]);
    }

    #[test]
    fn accents_and_unicode_lowercase() {
        assert_eq!(auto("ÉCOLE Élève Ñandú"), ["école", "élève", "ñandú"]);
        // Decomposed é (e + U+0301) stays inside the word.
        assert_eq!(auto("Cafe\u{301} noir"), ["cafe\u{301}", "noir"]);
        assert_eq!(chars("Cafe\u{301}"), ["c", "a", "f", "e\u{301}"]);
        assert_eq!(auto("Straße ΣΟΦΊΑ"), ["straße", "σοφία"]);
    }

    #[test]
    fn apostrophes_and_joiners() {
        assert_eq!(auto("Don't stop"), ["don't", "stop"]);
        // Curly apostrophe inside a word stays; at the edges it separates.
        assert_eq!(auto("I‘m ‘quoted’ don’t"), ["i‘m", "quoted", "don’t"]);
        assert_eq!(auto("col·lecció"), ["col·lecció"]);
        assert_eq!(auto("卡尔·马克思"), ["卡", "尔", "马", "克", "思"]);
        assert_eq!(auto("“Hello” — «monde»"), ["hello", "monde"]);
    }

    #[test]
    fn whitespace_in_auto_and_chars() {
        // All Unicode whitespace separates in Auto/Chars (CR, NBSP, ideographic space).
        assert_eq!(auto("a\r\nb\u{00A0}c\u{3000}d"), ["a", "b", "c", "d"]);
        assert_eq!(chars("a b\tc!"), ["a", "b", "c"]);
        assert_eq!(chars("你好，世界"), ["你", "好", "世", "界"]);
        assert!(auto("").is_empty());
        assert!(chars(" \t\n。，").is_empty());
    }

    #[test]
    fn auto_equals_keras_words_on_ascii() {
        // On printable ASCII + space/tab/newline, Auto must give Keras' tokens.
        let texts = [
            "Go until jurong point, crazy.. Available only in bugis n great world la e buffet...",
            "FreeMsg Hey there darling it's been 3 week's now! XxX std chgs to send",
            "What is `` Nine Inch Nails '' ?\tand\nmore",
            "e-mail: x@y.z (test) [ok] {yes} <no> ~`^|\\ 'quoted'",
        ];
        for t in texts {
            let lower = t.to_lowercase();
            assert_eq!(split_auto(&lower, F), split_words(&lower, F, " "), "{t}");
        }
    }

    #[test]
    fn clusters_cover_the_text() {
        for s in [
            "",
            "abc",
            "👨\u{200D}👩\u{200D}👧x",
            "\u{200D}",
            "\u{301}a",
            "🇫🇷🇩🇪🇮",
            "e\u{301}\u{302}",
        ] {
            let c = clusters(s);
            assert_eq!(c.concat(), s);
            assert!(c.iter().all(|x| !x.is_empty()));
        }
        assert_eq!(clusters("🇫🇷🇩🇪🇮").len(), 3);
    }
}
