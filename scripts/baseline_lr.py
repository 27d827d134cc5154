#!/usr/bin/env python3
"""A linear baseline scored on exactly the text classifier's validation splits.

TF-IDF character 1-2-grams (sublinear tf) + logistic regression (C = 1), the
usual strong baseline for short Chinese texts. For each seed, the split is the
one `cargo run --release --example quality -- FILE seeds=... splitOut=PREFIX`
wrote to PREFIX<seed> (0-based example indices, one per line; the file must have no rejected
lines, so example i is line i). Whitespace and common punctuation are removed
first; `--last N` keeps only each text's last N characters, as the CNN's
`maxLen` N with 'pre' truncation does.

Needs scikit-learn (not a project dependency):
    python3 -m venv /tmp/skl && /tmp/skl/bin/pip install scikit-learn
    cargo run --release --example quality -- FILE seeds=1-11,42 splitOut=/tmp/val_
    /tmp/skl/bin/python scripts/baseline_lr.py FILE /tmp/val_* --last 100

`--words` scores TF-IDF word 1-2-grams instead (the text as is, words of
letters and digits; the English files), and `--svm` a linear SVM instead of
logistic regression, e.g. README's TREC lines:
    scripts/baseline_lr.py trec_qc_coarse_en.tsv /tmp/tval_* --words --C 10
    scripts/baseline_lr.py trec_qc_coarse_en.tsv /tmp/tval_* --words --svm
"""
import argparse
import re
import statistics

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

SEPARATORS = re.compile(r"[\s，。！？、；：,.!?;:]+")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", help="label<TAB>text file")
    ap.add_argument("splits", nargs="+", help="validation index files from the quality example")
    ap.add_argument("--last", type=int, default=0, help="keep only the last N characters (0: all)")
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--words", action="store_true", help="word 1-2-grams instead of character 1-2-grams")
    ap.add_argument("--svm", action="store_true", help="a linear SVM instead of logistic regression")
    a = ap.parse_args()
    rows = [line.rstrip("\n").split("\t", 1) for line in open(a.data, encoding="utf-8")]
    labels = [r[0] for r in rows]
    texts = [r[1] if a.words else SEPARATORS.sub("", r[1]) for r in rows]
    if a.last:
        texts = [t[-a.last:] for t in texts]
    accs = []
    for path in a.splits:
        val = sorted({int(x) for x in open(path) if x.strip()})
        vs = set(val)
        train = [i for i in range(len(texts)) if i not in vs]
        if a.words:
            vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")
        else:
            vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)
        xt = vec.fit_transform([texts[i] for i in train])
        xv = vec.transform([texts[i] for i in val])
        clf = LinearSVC(C=a.C) if a.svm else LogisticRegression(C=a.C, max_iter=3000)
        model = clf.fit(xt, [labels[i] for i in train])
        pred = model.predict(xv)
        acc = sum(p == labels[i] for p, i in zip(pred, val)) / len(val)
        accs.append(acc)
        print(f"{path}: {100 * acc:.1f} %")
    sd = statistics.stdev(accs) * 100 if len(accs) > 1 else 0.0
    what = "word" if a.words else "character"
    print(f"mean {100 * statistics.mean(accs):.2f} % (sd {sd:.2f}) over {len(accs)} splits; {what} 1-2-grams, last {a.last or 'all'} characters")


if __name__ == "__main__":
    main()
