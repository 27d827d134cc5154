#!/usr/bin/env python3
"""The exported text classifier's input, rebuilt from its files in plain Python.

Reads the two JSON files that the page's "Export model" (or the JS
`TextClassifier.exportModel()`) writes, `tokenizer.json` and `model.json`, and
texts, and prints for each text the ids the model takes: `maxLen * slots`
integers, exactly `TextClassifier.tokenize(text).ids` (checked by
`tests/e2e/model-input.test.mjs`). Standard library only (Python 3.8+); no
Keras or TensorFlow needed to run it.

Usage:

    python3 scripts/model_input.py tokenizer.json model.json [texts.txt]

`texts.txt` holds one text per line (UTF-8; a `\\r` before the line break is
removed, so Windows files work); without it, or with `-`, the texts come from
standard input. Each text gives one output line: its ids separated by spaces.
With `--jsonl` every input line is a JSON string instead (so a text may hold
line breaks or tabs: `"a\\tb"`) and every output line is a JSON list of ids.
`--info` prints the settings read from the files (tokenization, maxLen,
bigram channel, vocabulary) to standard error.

Example, for a model trained on the page:

    echo '这个手机很好用' | python3 scripts/model_input.py tokenizer.json model.json

prints one line of `maxLen` ids (`2 * maxLen` with the bigram channel: the
character's id then the id of the character bigram ending there, for each
position). To classify in Keras, convert model.json with the tensorflowjs
package (`tensorflowjs_converter --input_format=tfjs_layers_model
--output_format=keras model.json model.h5`), load it with
`keras.models.load_model("model.h5")`, read this script's output lines into a
2-D integer array with one row per text (`numpy.loadtxt("ids.txt",
dtype="int32", ndmin=2)`, or `model_ids(...)` below from Python), and call
`model.predict(x)`: each row of the result holds the probabilities in the
order of `tokenizer.json`'s "labels" (a single sigmoid column, the
probability of the second label, when there are two labels). From Python,
`import model_input` (with `scripts/` on `sys.path`) and call
`model_input.load(tokenizer_path, model_path).ids(text)`.

What it reproduces (the Rust core: src/text/segment.rs, src/text/tokenizer.rs,
src/classifier/text_classifier.rs):

- `lower`: Python's `str.lower()` (full Unicode, final sigma), as the core.
- `tokenization` (top-level key of tokenizer.json; missing means "words"):
  "words" is Keras' `text_to_word_sequence` (every character of `filters`
  becomes `split`, split on `split`, empty pieces dropped); "chars" is one
  token per user-perceived character with whitespace, `filters` and CJK /
  general punctuation dropped; "auto" cuts words for spaced scripts, one token
  per Han / kana / Hangul / Thai / Lao / Khmer / Myanmar / Bopomofo / Yi
  character, each emoji apart, and adds the bigram of neighbouring characters
  inside such runs (punctuation and spaces skipped, a word or emoji ends a run).
- The ids: `word_index` (ranked from `word_counts` when empty, as the core
  does); a word whose index is `>= num_words` or that is unknown becomes the
  `oov_token`'s index, or is dropped without one.
- The bigram channel (model.json: the Conv1D has `strides: [2]`): each
  position is `[unit id, bigram id]`; an unknown bigram or one beyond
  `num_words` gives 0 (never the OOV index) and a dropped unit drops its
  position. Without the channel, "auto" bigrams are ordinary tokens just
  before their character (what the model was trained on).
- `maxLen` from model.json (the Embedding's `input_length` divided by the
  slots); padding and truncation 'pre' with 0, as Keras' `pad_sequences`.

Limits: the Unicode tables are the core's own (same ranges, same grapheme
approximation); lower-casing uses this Python's Unicode version, which can
differ from the core's on characters added in recent Unicode versions.
"""

import argparse
import json
import sys

KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'

# ---------------------------------------------------------------------------
# Character classes (src/text/segment.rs)


def _in(u, ranges):
    for lo, hi in ranges:
        if lo <= u <= hi:
            return True
    return False


HAN = [
    (0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF),
]
KANA = [
    (0x3031, 0x3035), (0x3041, 0x309F), (0x30A0, 0x30FF), (0x31F0, 0x31FF),
    (0xFF66, 0xFF9F), (0x1B000, 0x1B16F),
]
HANGUL = [
    (0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF),
    (0xD7B0, 0xD7FF), (0xFFA0, 0xFFDC),
]
UNSPACED = [
    (0x0E00, 0x0E7F), (0x0E80, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF),
    (0x3100, 0x312F), (0x31A0, 0x31BF), (0xA000, 0xA4CF),
]
EMOJI = [
    (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122), (0x2139, 0x2139),
    (0x2194, 0x2199), (0x21A9, 0x21AA), (0x231A, 0x231B), (0x2328, 0x2328),
    (0x23CF, 0x23CF), (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2),
    (0x25AA, 0x25AB), (0x25B6, 0x25B6), (0x25C0, 0x25C0), (0x25FB, 0x25FE),
    (0x2600, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B07), (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x303D, 0x303D), (0x3297, 0x3297),
    (0x3299, 0x3299), (0x1F000, 0x1F0FF), (0x1F100, 0x1F2FF),
    (0x1F300, 0x1F5FF), (0x1F600, 0x1F64F), (0x1F680, 0x1F6FF),
    (0x1F7E0, 0x1F7EB), (0x1F900, 0x1F9FF), (0x1FA70, 0x1FAFF),
]
EXTEND = [
    (0x0300, 0x036F), (0x0483, 0x0489), (0x0591, 0x05BD), (0x05BF, 0x05BF),
    (0x05C1, 0x05C2), (0x05C4, 0x05C5), (0x05C7, 0x05C7), (0x0610, 0x061A),
    (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC), (0x06DF, 0x06E4),
    (0x06E7, 0x06E8), (0x06EA, 0x06ED), (0x0D81, 0x0D83), (0x0DCA, 0x0DCA),
    (0x0DCF, 0x0DDF), (0x0E31, 0x0E31), (0x0E34, 0x0E3A), (0x0E47, 0x0E4E),
    (0x0EB1, 0x0EB1), (0x0EB4, 0x0EBC), (0x0EC8, 0x0ECE), (0x102B, 0x103E),
    (0x1056, 0x1059), (0x105E, 0x1060), (0x1062, 0x1064), (0x1067, 0x106D),
    (0x1071, 0x1074), (0x1082, 0x108D), (0x108F, 0x108F), (0x109A, 0x109D),
    (0x1160, 0x11FF), (0x17B4, 0x17D3), (0x17DD, 0x17DD), (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0x3099, 0x309A), (0xD7B0, 0xD7FF),
    (0xFE00, 0xFE0F), (0xFE20, 0xFE2F), (0x1F3FB, 0x1F3FF),
    (0xE0020, 0xE007F), (0xE0100, 0xE01EF),
]
EXTRA_SEPARATORS = [
    (0x00A1, 0x00A1), (0x00AB, 0x00AB), (0x00B7, 0x00B7), (0x00BB, 0x00BB),
    (0x00BF, 0x00BF), (0x2010, 0x2027), (0x2030, 0x205E), (0x3000, 0x3004),
    (0x3008, 0x3011), (0x3014, 0x301F), (0x3030, 0x3030), (0x30FB, 0x30FB),
    (0xFE10, 0xFE19), (0xFE30, 0xFE4F), (0xFE50, 0xFE6B), (0xFF01, 0xFF0F),
    (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65),
]
# Rust's char::is_whitespace (Unicode White_Space). Not Python's isspace(),
# which also counts U+001C..U+001F.
WHITE_SPACE = [
    (0x0009, 0x000D), (0x0020, 0x0020), (0x0085, 0x0085), (0x00A0, 0x00A0),
    (0x1680, 0x1680), (0x2000, 0x200A), (0x2028, 0x2029), (0x202F, 0x202F),
    (0x205F, 0x205F), (0x3000, 0x3000),
]
ZWJ = '\u200d'
INWORD_JOINERS = ('\u2018', '\u2019', '\u00b7')


def is_per_char_script(c):
    u = ord(c)
    if c != '\u30fb' and _in(u, KANA):
        return True
    return _in(u, HAN) or _in(u, HANGUL) or _in(u, UNSPACED)


def is_extend(c):
    u = ord(c)
    # Brahmic scripts 0900-0D7F: the same offsets in each 128-character block.
    if 0x0900 <= u <= 0x0D7F:
        o = u & 0x7F
        return (0x01 <= o <= 0x03 or 0x3A <= o <= 0x3C or 0x3E <= o <= 0x4F
                or 0x51 <= o <= 0x57 or 0x62 <= o <= 0x63)
    return _in(u, EXTEND)


def is_regional_indicator(c):
    return 0x1F1E6 <= ord(c) <= 0x1F1FF


def clusters(text):
    """User-perceived characters (the core's approximation of UAX #29)."""
    out = []
    start = None
    prev = None
    ri_run = 0
    for i, c in enumerate(text):
        joins = prev is not None and (
            is_extend(c) or c == ZWJ or prev == ZWJ
            or (is_regional_indicator(c) and is_regional_indicator(prev)
                and ri_run % 2 == 1))
        if not joins:
            if start is not None:
                out.append(text[start:i])
            start = i
            ri_run = 0
        if is_regional_indicator(c):
            ri_run += 1
        prev = c
    if start is not None:
        out.append(text[start:])
    return out


def cluster_is_emoji(cluster):
    if not cluster:
        return False
    return _in(ord(cluster[0]), EMOJI) or '\ufe0f' in cluster or '\u20e3' in cluster


SEPARATOR, JOINER, SINGLE, WORD = 'separator', 'joiner', 'single', 'word'


def classify(cluster, filters):
    if not cluster:
        return SEPARATOR
    base = cluster[0]
    if cluster_is_emoji(cluster):
        return SINGLE
    if base in INWORD_JOINERS:
        return JOINER
    if _in(ord(base), WHITE_SPACE) or base in filters or _in(ord(base), EXTRA_SEPARATORS):
        return SEPARATOR
    if is_per_char_script(base):
        return SINGLE
    return WORD


# ---------------------------------------------------------------------------
# Segmentation


def split_words(text, filters, split):
    """Keras' text_to_word_sequence (after lower-casing)."""
    if split == '':
        return [text] if text else []
    translated = ''.join(split if c in filters else c for c in text)
    return [w for w in translated.split(split) if w]


def split_chars(text, filters):
    return [c for c in clusters(text) if classify(c, filters) in (SINGLE, WORD)]


def split_auto_positions(text, filters):
    """Auto's units, each with the bigram ending at it (or None)."""
    cl = clusters(text)
    classes = [classify(c, filters) for c in cl]
    out = []
    word = ''
    prev_unit = None
    for i, (c, cls) in enumerate(zip(cl, classes)):
        is_unit = cls == SINGLE and not cluster_is_emoji(c)
        bigram = prev_unit + c if is_unit and prev_unit is not None else None
        if is_unit:
            prev_unit = c
        elif cls not in (SEPARATOR, JOINER):
            prev_unit = None  # a word or an emoji ends the run
        if cls == WORD:
            word += c
        elif cls == JOINER:
            next_is_word = i + 1 < len(classes) and classes[i + 1] == WORD
            if word and next_is_word:
                word += c
            elif word:
                out.append((word, None))
                word = ''
        elif cls == SEPARATOR:
            if word:
                out.append((word, None))
                word = ''
        else:  # SINGLE
            if word:
                out.append((word, None))
                word = ''
            out.append((c, bigram))
    if word:
        out.append((word, None))
    return out


# ---------------------------------------------------------------------------
# The tokenizer file and the model file


def _dict(value, name):
    """A Keras dictionary: a JSON object, or a string holding one."""
    if isinstance(value, str):
        value = json.loads(value)
    if not isinstance(value, dict):
        raise ValueError('tokenizer.json: config.%s must be an object' % name)
    return value


def _int(value, what):
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError('model.json: %s must be a non-negative integer, got %r' % (what, value))
    return value


class ModelInput:
    """The tokenizer and the model's input shape; `ids(text)` gives the input."""

    def __init__(self, tokenizer, model):
        if tokenizer.get('class_name', 'Tokenizer') != 'Tokenizer':
            raise ValueError('tokenizer.json: class_name must be "Tokenizer"')
        cfg = tokenizer.get('config')
        if not isinstance(cfg, dict):
            raise ValueError('tokenizer.json: no "config" object')
        if cfg.get('char_level'):
            raise ValueError('tokenizer.json: Keras char_level=true is not supported')
        self.num_words = cfg.get('num_words')
        self.filters = cfg.get('filters', KERAS_FILTERS)
        if self.filters is None:
            self.filters = KERAS_FILTERS
        self.lower = cfg.get('lower', True)
        if self.lower is None:
            self.lower = True
        self.split = cfg.get('split', ' ')
        if self.split is None:
            self.split = ' '
        if self.split == '':
            raise ValueError('tokenizer.json: config.split must not be empty')
        self.oov_token = cfg.get('oov_token')
        self.tokenization = tokenizer.get('tokenization') or 'words'
        if self.tokenization not in ('words', 'chars', 'auto'):
            raise ValueError('tokenizer.json: tokenization %r is not words, chars or auto'
                             % self.tokenization)
        if 'word_index' not in cfg:
            raise ValueError('tokenizer.json: config.word_index is missing')
        self.word_index = {w: int(i) for w, i in _dict(cfg['word_index'], 'word_index').items()}
        if not self.word_index:
            # Counts only: number the words as fit_on_texts would (stable sort
            # by descending count, the OOV token first).
            counts = list(_dict(cfg.get('word_counts') or {}, 'word_counts').items())
            order = sorted(range(len(counts)), key=lambda k: -counts[k][1])
            nxt = 1
            if self.oov_token is not None:
                self.word_index[self.oov_token] = 1
                nxt = 2
            for k in order:
                w = counts[k][0]
                if w == self.oov_token:
                    continue
                self.word_index[w] = nxt
                nxt += 1
        self.oov_index = (self.word_index.get(self.oov_token)
                          if self.oov_token is not None else None)
        if self.oov_token is not None and self.oov_index is None:
            raise ValueError('tokenizer.json: oov_token %r is not in word_index' % self.oov_token)

        # model.json: the Embedding's input length and the Conv1D's strides.
        topo = model.get('modelTopology')
        if not isinstance(topo, dict):
            raise ValueError('model.json: no "modelTopology" (is this the TF.js model.json?)')
        topo = topo.get('model_config', topo)
        mcfg = topo.get('config')
        layers = mcfg if isinstance(mcfg, list) else (mcfg or {}).get('layers')
        if not isinstance(layers, list) or len(layers) < 2:
            raise ValueError('model.json: modelTopology.config.layers must be a list of layers')
        kinds = [layer.get('class_name') for layer in layers]
        # A functional model (with the bag-of-tokens branch) starts with its
        # InputLayer, then the CNN's Embedding and Conv1D as a Sequential one.
        if kinds[0] == 'InputLayer':
            layers, kinds = layers[1:], kinds[1:]
        if len(kinds) < 2 or kinds[0] != 'Embedding' or kinds[1] != 'Conv1D':
            raise ValueError('model.json: expected Embedding, Conv1D, ... layers, got %s' % kinds)
        emb, conv = layers[0]['config'], layers[1]['config']
        if emb.get('input_length') is not None:
            ids_len = _int(emb['input_length'], 'Embedding.input_length')
        else:
            shape = emb.get('batch_input_shape') or [None, None]
            ids_len = _int(shape[1], 'Embedding.batch_input_shape[1]')
        strides = _int(conv.get('strides', 1), 'Conv1D.strides')
        if strides not in (1, 2) or ids_len % strides:
            raise ValueError('model.json: Conv1D strides %d with input length %d is not a model '
                             'this classifier exports' % (strides, ids_len))
        self.bigrams = strides == 2
        self.slots = strides
        self.max_len = ids_len // strides
        self.vocab_size = emb.get('input_dim')

    # -- the core's Tokenizer ------------------------------------------------

    def _lowered(self, text):
        return text.lower() if self.lower else text

    def tokens(self, text):
        """The tokens of `text` (Auto: each bigram just before its character)."""
        text = self._lowered(text)
        if self.tokenization == 'words':
            return split_words(text, self.filters, self.split)
        if self.tokenization == 'chars':
            return split_chars(text, self.filters)
        out = []
        for unit, bigram in split_auto_positions(text, self.filters):
            if bigram is not None:
                out.append(bigram)
            out.append(unit)
        return out

    def _view(self, w):
        """(id or None, usable): the id texts_to_sequences emits for word `w`;
        usable is False for an unknown word or one beyond num_words."""
        i = self.word_index.get(w)
        if i is None:
            return self.oov_index, False
        if self.num_words is not None and i >= self.num_words:
            return self.oov_index, False
        return i, True

    def sequence(self, text):
        """The ids before padding: one per token, or [unit, bigram] pairs
        flattened with the bigram channel."""
        if not self.bigrams:
            return [i for i, _ in map(self._view, self.tokens(text)) if i is not None]
        text = self._lowered(text)
        if self.tokenization == 'auto':
            positions = split_auto_positions(text, self.filters)
        elif self.tokenization == 'words':
            positions = [(w, None) for w in split_words(text, self.filters, self.split)]
        else:
            positions = [(c, None) for c in split_chars(text, self.filters)]
        out = []
        for unit, bigram in positions:
            u, _ = self._view(unit)
            if u is None:
                continue  # a dropped unit drops its position
            b = 0
            if bigram is not None:
                bi, usable = self._view(bigram)
                if usable:
                    b = bi
            out.extend((u, b))
        return out

    def ids(self, text):
        """The model's input for `text`: maxLen * slots ids, padding and
        truncation 'pre' (Keras' pad_sequences defaults)."""
        seq = self.sequence(text)
        n = self.max_len * self.slots
        if len(seq) > n:
            return seq[len(seq) - n:]
        return [0] * (n - len(seq)) + seq


def load(tokenizer_path, model_path):
    """A ModelInput from the two exported files."""
    with open(tokenizer_path, encoding='utf-8') as f:
        tokenizer = json.load(f)
    with open(model_path, encoding='utf-8') as f:
        model = json.load(f)
    return ModelInput(tokenizer, model)


def model_ids(tokenizer_path, model_path, texts):
    """The model's input for each text: a list of lists (rows for model.predict)."""
    m = load(tokenizer_path, model_path)
    return [m.ids(t) for t in texts]


def _read_lines(stream):
    data = stream.read().decode('utf-8')
    lines = data.split('\n')
    if lines and lines[-1] == '':
        lines.pop()  # the final line break ends the last line
    return [line[:-1] if line.endswith('\r') else line for line in lines]


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Print the ids the exported text classifier takes for each text "
                    "(one text per line in, one line of ids out).")
    p.add_argument('tokenizer', help='tokenizer.json from the export')
    p.add_argument('model', help='model.json from the export (maxLen, bigram channel)')
    p.add_argument('texts', nargs='?', default='-',
                   help='a UTF-8 file with one text per line (default: standard input)')
    p.add_argument('--jsonl', action='store_true',
                   help='each input line is a JSON string; each output line a JSON list')
    p.add_argument('--info', action='store_true',
                   help='print the settings read from the files to standard error')
    args = p.parse_args(argv)
    try:
        m = load(args.tokenizer, args.model)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        print('model_input.py: %s' % e, file=sys.stderr)
        return 2
    if args.info:
        print('tokenization %s, maxLen %d, bigram channel %s, slots %d, num_words %s, '
              'oov_token %r, %d words in word_index'
              % (m.tokenization, m.max_len, 'on' if m.bigrams else 'off', m.slots,
                 m.num_words, m.oov_token, len(m.word_index)), file=sys.stderr)
    if args.texts == '-':
        lines = _read_lines(sys.stdin.buffer)
    else:
        with open(args.texts, 'rb') as f:
            lines = _read_lines(f)
    out = []
    for k, line in enumerate(lines, 1):
        if args.jsonl:
            try:
                text = json.loads(line)
            except ValueError as e:
                print('model_input.py: line %d: not JSON: %s' % (k, e), file=sys.stderr)
                return 2
            if not isinstance(text, str):
                print('model_input.py: line %d: expected a JSON string' % k, file=sys.stderr)
                return 2
            out.append(json.dumps(m.ids(text)))
        else:
            out.append(' '.join(map(str, m.ids(line))))
    sys.stdout.write(''.join(s + '\n' for s in out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
