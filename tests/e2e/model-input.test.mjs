// scripts/model_input.py (standard-library Python) rebuilds the exported
// model's input from tokenizer.json and model.json alone: for every probe
// text its ids must equal TextClassifier.tokenize(text).ids, on classifiers
// trained here in Node on English, Chinese (bigram channel on) and mixed
// text, with tokenization 'words', 'chars' and 'auto' (bigram channel on and
// off), and on re-imported tokenizers edited to use an OOV token, a small
// num_words, lower: false, other filters and a counts-only word_index.
// Needs python3 on PATH (CI has it) and the built www/pkg (`make build`).
// MODEL_INPUT_PY=path runs another copy of the script (to check that a
// deliberately broken one fails this test).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/config.mjs';

const SCRIPT = process.env.MODEL_INPUT_PY ?? path.join(ROOT, 'scripts/model_input.py');
const PKG = path.join(ROOT, 'www/pkg/nn_playground_bg.wasm');

let TextClassifier;
let parseLabelled;
let dir;

before(async () => {
  assert.ok(existsSync(PKG), 'www/pkg is missing: run `make build` first');
  const pkg = await import('../../www/pkg/nn_playground.js');
  pkg.initSync({ module: readFileSync(PKG) });
  ({ TextClassifier, parseLabelled } = pkg);
  dir = mkdtempSync(path.join(tmpdir(), 'nnp-model-input-'));
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

function spawnPython(args, input) {
  const r = spawnSync('python3', [SCRIPT, ...args], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error?.code === 'ENOENT') {
    assert.fail('python3 is not on PATH: this test runs scripts/model_input.py with it (install Python 3; CI has it)');
  }
  assert.ok(!r.error, `python3 could not run: ${r.error}`);
  return r;
}

function python(args, input) {
  const r = spawnPython(args, input);
  assert.equal(r.status, 0, `python3 ${path.basename(SCRIPT)} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

test('python3 is available (scripts/model_input.py needs it)', () => {
  const r = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  assert.ok(!r.error, `python3 is not on PATH (${r.error?.code}): install Python 3 to run scripts/model_input.py and this test`);
  assert.equal(r.status, 0, `python3 --version failed: ${r.stderr}`);
  assert.match(r.stdout + r.stderr, /^Python 3\./);
});

// ---------------------------------------------------------------------------
// Training data.

const lines = (file) => parseLabelled(readFileSync(path.join(ROOT, file), 'utf8'));

function english() {
  const d = lines('www/data/sms_spam_sample.tsv');
  return { texts: d.texts.slice(0, 300), labels: d.labels.slice(0, 300) };
}

function chinese() {
  const d = lines('www/data/shopping_reviews_zh_sample.tsv');
  return { texts: d.texts.slice(0, 300), labels: d.labels.slice(0, 300) };
}

// Made-up mixed sentences: Chinese with Latin words, emoji, full-width
// punctuation, Japanese kana, Korean, Thai, accents.
const MIXED_POS = [
  '这个手机很好用，我很喜欢！👍', '质量不错，物流也快😀', '我喜欢iPhone 15的屏幕', '服务态度非常好，下次还来。',
  'この商品はとても良いです！', 'カメラの画質が最高です😍', '정말 좋아요! 최고예요 👍🏽', '배송이 빨라서 만족합니다',
  'สินค้าดีมาก ส่งเร็ว', 'อร่อยมาก ชอบ❤️', 'Très bon produit, qualité élevée 👍', '价格便宜，性价比很高（推荐）',
  '「好评」 包装很精美～', '音质很棒，WiFi连接稳定', '客服回复很快，点赞👏👏', 'コーヒー・カップが可愛い',
  '很满意，会回购的。😊', '颜色和图片一样，很漂亮', 'Café très agréable ☕ 好喝', '孩子很喜欢这本书📚',
];
const MIXED_NEG = [
  '质量太差了，不推荐！👎', '物流很慢，等了一个星期😡', '屏幕有划痕，MacBook Pro也不行', '客服态度很差。。。',
  'この商品は最悪です。', '電池がすぐ切れる😞', '별로예요. 실망했어요 👎🏿', '배송이 너무 늦었어요',
  'สินค้าไม่ดี ส่งช้า', 'ไม่อร่อย แย่มาก😡', 'Produit décevant, qualité médiocre 👎', '价格太贵，不值这个钱！',
  '「差评」 包装破损～', '声音有杂音，WiFi经常断', '退货很麻烦，不会再买👎👎', 'サイズが合わない・返品したい',
  '很失望，不会回购。😞', '颜色和图片不一样，很难看', 'Service lent 😤 服务很慢', '书有破损，缺页📚',
];
const mixed = () => ({
  texts: [...MIXED_POS, ...MIXED_NEG, ...MIXED_POS.map((t) => `${t} ${t}`), ...MIXED_NEG.map((t) => `${t}！${t}`)],
  labels: [...MIXED_POS.map(() => 'pos'), ...MIXED_NEG.map(() => 'neg'), ...MIXED_POS.map(() => 'pos'), ...MIXED_NEG.map(() => 'neg')],
});

// English data with a few mixed sentences: Auto tokenization without the
// bigram channel (under 5 % of positions have a bigram), so the bigrams that
// are in the vocabulary are interleaved as ordinary tokens.
function englishWithSomeChinese() {
  const e = english();
  return { texts: [...e.texts, ...MIXED_POS.slice(0, 4), ...MIXED_NEG.slice(0, 4)], labels: [...e.labels, ...e.labels.slice(0, 8)] };
}

function train(data, options) {
  const clf = new TextClassifier({ embeddingDim: 8, filters: 8, kernelSize: 3, learningRate: 0.01, seed: 7, ...options });
  clf.fit(data.texts, data.labels, { epochs: 2, batchSize: 32, validationSplit: 0.2, seed: 3 });
  return clf;
}

// ---------------------------------------------------------------------------
// Probes: every one goes through every model.

const LONG_EN = 'this is a rather long message about the free prize that you have won and you should call now to claim your cash award before it is too late and the offer ends today';
const PROBES = [
  '', '   ', '!!! ... ,,, ???', '。，！？「」、…', 'Free entry!! WIN a prize now', "Don't stop me now, I'm having such a good time",
  'HELLO World hello WORLD', 'ÉCOLE Élève Ñandú', 'Cafe\u0301 noir e\u0301\u0302', '\u0301leading combining mark',
  'family 👨\u200d👩\u200d👧 here 👩\u200d💻', 'ok 👍🏽 fine 👍🏿👍 yes', '🇫🇷🇩🇪🇮 flags', '1\ufe0f\u20e3 keycap #\ufe0f\u20e3',
  'i ❤\ufe0f u ❤ so much', 'great😀movie😀😀', '我喜欢iPhone 15，不错！', '这个手机很好用，但是电池不太行。',
  '東京はテレビー。コーヒー・カップ', 'ｶﾀｶﾅ カ\u3099ー', '안녕하세요 Seoul 정말 좋아요!!! \u1112\u1161\u11ab', 'สวัสดีครับ ข้าวอร่อยมาก',
  'I‘m ‘quoted’ don’t col·lecció 卡尔·马克思', '“Hello” — «monde» ¡hola! ¿qué?', 'call 09061701461 or 12345, 3.14, ０１２３ and 2024-01-01',
  'ＸＰ full-width ＡＢＣ latin', 'Straße ΣΟΦΊΑ ΟΔΟΣ ẞ İstanbul ǅ Ⅻ', 'zzqxv flurbish quantumly unheardofword', LONG_EN,
  '这家酒店的服务态度非常好，房间干净整洁，早餐种类丰富，交通也很方便，下次出差还会选择这里，强烈推荐给大家！',
  '前台没有传说的那么慢，我去的时候还可以。', 'a', '好a坏', '好😀坏', '不错，运行！', 'WiFi信号很差😡😡 but 价格 OK 👍',
  'hello\u200dworld zwj inside', '정말 좋아요!!! 최고👍', 'emoji only 🎉🎉🎉🔥', '‼ ™ ℹ ↔ ▶ symbols ⭐',
  'Hindi नमस्ते दुनिया', 'Arabic مرحبا بالعالم', '哈'.repeat(60), '¥100 €50 $20 £10', 'email x@y.z or http://a.b/c?d=e',
  '这款MacBook Pro的屏幕真不错', '今日は良い天気ですね。', 'Très bon produit, qualité élevée 👍', '价格太贵，不值这个钱！',
  'WINNER!! You have won a free prize. Call now to claim your cash award', 'free’ call· now‘ prize’s 好·坏‘', '质量不错，物流也快😀 Très bon 👍 정말 좋아요 สินค้าดีมาก',
  // Only via --jsonl: line breaks, tabs, CR, NBSP, control separators.
  'a\r\nb\u00a0c\u3000d\te', 'tab\tsep\nnewline\rcr', '\u001c\u001f file separators \u0085 nel',
];

const PLAIN = PROBES.filter((t) => !/[\n\r\u0085\u2028\u2029]/.test(t));

function pythonIds(files, texts, jsonl) {
  const tok = path.join(dir, 'tokenizer.json');
  const model = path.join(dir, 'model.json');
  writeFileSync(tok, typeof files.tokenizerJson === 'string' ? files.tokenizerJson : JSON.stringify(files.tokenizerJson));
  writeFileSync(model, JSON.stringify(files.modelJson));
  let out;
  if (jsonl) {
    const input = path.join(dir, 'texts.jsonl');
    writeFileSync(input, texts.map((t) => JSON.stringify(t)).join('\n') + '\n');
    out = python([tok, model, input, '--jsonl']).split('\n').slice(0, -1).map((l) => JSON.parse(l));
  } else {
    // Plain lines through standard input, every other one ending in \r\n.
    out = python([tok, model], texts.map((t, k) => `${t}${k % 2 ? '\r\n' : '\n'}`).join('')).split('\n').slice(0, -1)
      .map((l) => (l === '' ? [] : l.split(' ').map(Number)));
  }
  assert.equal(out.length, texts.length, 'one output line per text');
  return out;
}

/** Checks every probe (jsonl and plain lines) and returns coverage counts. */
function check(name, clf, files, { slots }) {
  const maxLen = clf.config().maxLen;
  const got = pythonIds(files, PROBES, true);
  const cover = { padded: 0, truncated: 0, nonzero: 0, bigrams: 0, oov: 0, distinct: new Set() };
  PROBES.forEach((text, k) => {
    const t = clf.tokenize(text);
    assert.equal(t.slots, slots, `${name}: slots`);
    const want = Array.from(t.ids);
    assert.equal(want.length, maxLen * slots);
    assert.deepEqual(got[k], want, `${name}: ids differ for probe ${k} ${JSON.stringify(text)}`);
    cover.padded += t.padding > 0;
    cover.truncated += t.truncated > 0;
    cover.nonzero += want.some((i) => i !== 0);
    cover.bigrams += slots === 2 && want.some((i, j) => j % 2 === 1 && i !== 0);
    cover.oov += t.tokens.some((x) => x.oov && x.id !== null);
    want.forEach((i) => cover.distinct.add(i));
  });
  const plain = pythonIds(files, PLAIN, false);
  PLAIN.forEach((text, k) => {
    assert.deepEqual(plain[k], Array.from(clf.tokenize(text).ids), `${name} (plain lines): ids differ for ${JSON.stringify(text)}`);
  });
  // The probes must exercise padding and truncation, and real ids: a script
  // off by one position or one index could not pass then.
  assert.ok(cover.padded > 5 && cover.truncated > 0 && cover.nonzero > 10 && cover.distinct.size > 20,
    `${name}: probes cover too little: ${JSON.stringify({ ...cover, distinct: cover.distinct.size })}`);
  if (slots === 2) assert.ok(cover.bigrams > 5, `${name}: too few probes with a bigram id`);
  return cover;
}

// The Conv1D's strides (its index differs: a functional model starts with its InputLayer).
const strides = (files) => files.modelJson.modelTopology.config.layers.find((l) => l.class_name === 'Conv1D').config.strides[0];

// Edits the exported tokenizer JSON (a Keras-style file: the dictionaries are
// JSON strings) and re-imports it with the same model files.
function reimport(files, edit) {
  const t = structuredClone(files.tokenizerJson);
  edit(t.config, t);
  const tokenizerJson = JSON.stringify(t);
  const clf = TextClassifier.importModel(files.modelJson, files.weightsBin, tokenizerJson);
  return { clf, files: { ...files, tokenizerJson } };
}

function withOov(config, numWords) {
  const wi = JSON.parse(config.word_index);
  const shifted = { '<OOV>': 1 };
  for (const [w, i] of Object.entries(wi)) shifted[w] = i + 1;
  config.word_index = JSON.stringify(shifted);
  config.oov_token = '<OOV>';
  config.num_words = numWords;
}

// ---------------------------------------------------------------------------

test('English, words and auto tokenization (no bigram channel)', () => {
  for (const tokenization of ['words', 'auto']) {
    const clf = train(english(), { tokenization, vocabSize: 300, maxLen: 12 });
    const files = clf.exportModel();
    assert.equal(files.tokenizerJson.tokenization, tokenization);
    assert.equal(strides(files), 1);
    check(`english ${tokenization}`, clf, files, { slots: 1 });

    // Keras options the page does not set: OOV token and a smaller num_words,
    // then also lower: false and filters without ',' and '!'.
    const a = reimport(files, (c) => withOov(c, 120));
    const cover = check(`english ${tokenization} + oov`, a.clf, a.files, { slots: 1 });
    assert.ok(cover.oov > 5, 'OOV probes');
    const b = reimport(files, (c) => { withOov(c, 200); c.lower = false; c.filters = c.filters.replace(/[,!]/g, ''); });
    check(`english ${tokenization} + oov, lower false, filters`, b.clf, b.files, { slots: 1 });
    clf.free(); a.clf.free(); b.clf.free();
  }
});

test('Chinese, auto tokenization with the bigram channel', () => {
  const clf = train(chinese(), { tokenization: 'auto', vocabSize: 400, maxLen: 16 });
  const files = clf.exportModel();
  assert.equal(strides(files), 2, 'the Chinese model has the bigram channel');
  check('chinese auto', clf, files, { slots: 2 });

  // OOV token (units map to it, bigrams never do) and a num_words cut.
  const a = reimport(files, (c) => withOov(c, 350));
  const cover = check('chinese auto + oov', a.clf, a.files, { slots: 2 });
  assert.ok(cover.oov > 5, 'OOV probes');
  // A hand-written file with counts only: the words are ranked as fit does.
  const b = reimport(files, (c) => { c.word_index = '{}'; });
  check('chinese auto, counts only', b.clf, b.files, { slots: 2 });
  clf.free(); a.clf.free(); b.clf.free();
});

test('mixed scripts and emoji: auto with and without the bigram channel, chars', () => {
  const on = train(mixed(), { tokenization: 'auto', vocabSize: 1000, maxLen: 10 });
  const onFiles = on.exportModel();
  assert.equal(strides(onFiles), 2);
  check('mixed auto', on, onFiles, { slots: 2 });

  const off = train(englishWithSomeChinese(), { tokenization: 'auto', vocabSize: 2000, maxLen: 14 });
  const offFiles = off.exportModel();
  assert.equal(strides(offFiles), 1, 'a few Chinese lines in English data: no bigram channel');
  const wi = JSON.parse(offFiles.tokenizerJson.config.word_index);
  assert.ok('很好' in wi, 'bigrams are in the vocabulary (interleaved as tokens)');
  check('english + some mixed, auto', off, offFiles, { slots: 1 });
  assert.ok(off.tokenize('这个手机很好用').tokens.some((t) => t.text === '很好' && t.id !== null), 'a probe has an interleaved bigram id');

  const chars = train(mixed(), { tokenization: 'chars', vocabSize: 500, maxLen: 12 });
  const charsFiles = chars.exportModel();
  assert.equal(charsFiles.tokenizerJson.tokenization, 'chars');
  assert.equal(strides(charsFiles), 1);
  check('mixed chars', chars, charsFiles, { slots: 1 });
  on.free(); off.free(); chars.free();
});

test('model_input.py reads the two files and says what it found', () => {
  const clf = train(chinese(), { tokenization: 'auto', vocabSize: 400, maxLen: 16 });
  const files = clf.exportModel();
  const tok = path.join(dir, 'tokenizer.json');
  const model = path.join(dir, 'model.json');
  writeFileSync(tok, JSON.stringify(files.tokenizerJson));
  writeFileSync(model, JSON.stringify(files.modelJson));
  const r = spawnPython([tok, model, '--info'], '好\n');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /tokenization auto, maxLen 16, bigram channel on, slots 2/);
  assert.equal(r.stdout.trim().split(' ').length, 32);
  // Swapped arguments: a clear error, not a traceback.
  const bad = spawnPython([model, tok], '好\n');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^model_input\.py: tokenizer\.json: /);
  clf.free();
});
