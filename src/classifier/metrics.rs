//! Classification metrics: accuracy, confusion matrix, per-class precision /
//! recall / F1, macro F1 and the misclassified examples.
//!
//! Conventions (as scikit-learn with `zero_division=0`):
//! - the confusion matrix has rows = true class, columns = predicted class;
//! - precision of class c = TP / (TP + FP), **0 when nothing was predicted c**;
//! - recall = TP / (TP + FN), **0 when c never occurs** (support 0);
//! - F1 = 2PR / (P + R), **0 when P + R = 0**;
//! - macro F1 = the unweighted mean of the per-class F1 over all classes
//!   (including classes with support 0, which then count as 0);
//! - accuracy of an empty set is 0;
//! - the accuracy's 95 % interval is the Wilson score interval, which stays
//!   inside [0, 1] and is sensible for small samples and for accuracies
//!   near 0 or 1 (unlike the plain ± 1.96·SE).

use serde::Serialize;

/// Precision, recall, F1 and support of one class.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClassMetrics {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// How many samples truly belong to this class.
    pub support: usize,
}

/// One wrongly classified sample.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Misclassified {
    pub text: String,
    /// The true label.
    pub label: String,
    /// The predicted label.
    pub predicted: String,
    /// The model's probability for `predicted`.
    pub confidence: f64,
}

/// The evaluation report (`evaluate` / `validationReport` in the JS API).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub accuracy: f64,
    /// 95 % Wilson interval `[low, high]` of the accuracy (how far another
    /// sample of the same size could land): see [`wilson_interval`].
    pub accuracy_interval: [f64; 2],
    pub macro_f1: f64,
    pub labels: Vec<String>,
    pub per_class: Vec<ClassMetrics>,
    /// `confusion[true][predicted]`, `labels.len()` square.
    pub confusion: Vec<Vec<usize>>,
    /// Most confident mistakes first, at most [`MAX_MISCLASSIFIED`].
    pub misclassified: Vec<Misclassified>,
    /// Total number of mistakes (may exceed `misclassified.len()`).
    pub misclassified_count: usize,
    /// On the validation split only (`None`, JSON `null`, elsewhere): how
    /// many validation examples the model saw as they are in training.
    pub overlap: Option<Overlap>,
}

/// Validation examples whose model input (token ids after padding and
/// truncation) is identical to a training example's: duplicated lines, or
/// texts that differ only in what the tokenizer drops (case, punctuation).
/// The model may have memorised them, so the accuracy on the others is the
/// more honest figure when there are many.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Overlap {
    /// Validation examples whose input also occurs in the training split.
    pub seen_in_training: usize,
    /// The other validation examples.
    pub unseen: usize,
    /// Accuracy on the unseen ones (`None` when there are none).
    pub unseen_accuracy: Option<f64>,
    /// Its 95 % Wilson interval.
    pub unseen_interval: Option<[f64; 2]>,
}

/// The [`Overlap`] of predictions `pred` against `truth`, where `seen[i]`
/// says whether sample `i`'s input occurs in training.
pub fn overlap(truth: &[usize], pred: &[usize], seen: &[bool]) -> Overlap {
    let unseen: Vec<usize> = (0..truth.len()).filter(|&i| !seen[i]).collect();
    let hits = unseen.iter().filter(|&&i| truth[i] == pred[i]).count();
    let n = unseen.len();
    Overlap {
        seen_in_training: truth.len() - n,
        unseen: n,
        unseen_accuracy: (n > 0).then(|| hits as f64 / n as f64),
        unseen_interval: (n > 0).then(|| wilson_interval(hits, n, Z_95)),
    }
}

/// The report lists at most this many misclassified examples.
pub const MAX_MISCLASSIFIED: usize = 200;

/// Fraction of `pred[i] == truth[i]`; 0 for empty input.
pub fn accuracy(truth: &[usize], pred: &[usize]) -> f64 {
    if truth.is_empty() {
        return 0.0;
    }
    let hits = truth.iter().zip(pred).filter(|(t, p)| t == p).count();
    hits as f64 / truth.len() as f64
}

/// z for a two-sided 95 % interval.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval `[low, high]` for `hits` successes in `n`
/// trials at normal quantile `z`: centre `(p + z²/2n) / (1 + z²/n)`,
/// half-width `z / (1 + z²/n) · √(p(1-p)/n + z²/4n²)`, with `p = hits/n`.
/// `[0, 1]` for `n = 0` (nothing is known).
pub fn wilson_interval(hits: usize, n: usize, z: f64) -> [f64; 2] {
    if n == 0 {
        return [0.0, 1.0];
    }
    let (k, n) = (hits.min(n) as f64, n as f64);
    let p = k / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    [(centre - half).max(0.0), (centre + half).min(1.0)]
}

/// `n × n` counts, rows = true class, columns = predicted class. Indices
/// `>= n` are ignored.
pub fn confusion_matrix(n: usize, truth: &[usize], pred: &[usize]) -> Vec<Vec<usize>> {
    let mut m = vec![vec![0usize; n]; n];
    for (&t, &p) in truth.iter().zip(pred) {
        if t < n && p < n {
            m[t][p] += 1;
        }
    }
    m
}

/// `(precision, recall, f1, support)` per class from a confusion matrix, with
/// 0 for undefined ratios (see the module doc).
pub fn per_class(confusion: &[Vec<usize>]) -> Vec<(f64, f64, f64, usize)> {
    let n = confusion.len();
    (0..n)
        .map(|c| {
            let tp = confusion[c][c];
            let support: usize = confusion[c].iter().sum();
            let predicted: usize = confusion.iter().map(|row| row[c]).sum();
            let precision = ratio(tp, predicted);
            let recall = ratio(tp, support);
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            (precision, recall, f1, support)
        })
        .collect()
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Mean of the per-class F1 (0 when there are no classes).
pub fn macro_f1(confusion: &[Vec<usize>]) -> f64 {
    let pc = per_class(confusion);
    if pc.is_empty() {
        return 0.0;
    }
    pc.iter().map(|x| x.2).sum::<f64>() / pc.len() as f64
}

/// The full report. `texts[i]`, `truth[i]`, `pred[i]` and `confidence[i]`
/// describe sample `i`; `labels[c]` names class `c`.
pub fn report(
    labels: &[String],
    texts: &[&str],
    truth: &[usize],
    pred: &[usize],
    confidence: &[f64],
) -> Report {
    let n = labels.len();
    let confusion = confusion_matrix(n, truth, pred);
    let pc = per_class(&confusion);
    let per_class: Vec<ClassMetrics> = pc
        .iter()
        .zip(labels)
        .map(|(&(precision, recall, f1, support), label)| ClassMetrics {
            label: label.clone(),
            precision,
            recall,
            f1,
            support,
        })
        .collect();
    let mut wrong: Vec<usize> = (0..truth.len()).filter(|&i| truth[i] != pred[i]).collect();
    let misclassified_count = wrong.len();
    // Most confident mistakes first; ties keep input order (stable sort).
    wrong.sort_by(|&a, &b| {
        confidence[b]
            .partial_cmp(&confidence[a])
            .unwrap_or(core::cmp::Ordering::Equal)
    });
    wrong.truncate(MAX_MISCLASSIFIED);
    let name = |c: usize| labels.get(c).cloned().unwrap_or_default();
    let misclassified = wrong
        .into_iter()
        .map(|i| Misclassified {
            text: texts.get(i).map(|s| s.to_string()).unwrap_or_default(),
            label: name(truth[i]),
            predicted: name(pred[i]),
            confidence: confidence[i],
        })
        .collect();
    let hits = truth.len() - misclassified_count;
    Report {
        accuracy: accuracy(truth, pred),
        accuracy_interval: wilson_interval(hits, truth.len(), Z_95),
        macro_f1: macro_f1(&confusion),
        labels: labels.to_vec(),
        per_class,
        confusion,
        misclassified,
        misclassified_count,
        overlap: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn three_class_example_by_hand() {
        // truth: 0 0 0 1 1 2 ; pred: 0 1 0 1 2 2
        // confusion (rows true): [2 1 0] [0 1 1] [0 0 1]
        // class 0: P = 2/2 = 1,   R = 2/3,  F1 = 2·1·(2/3)/(5/3) = 0.8
        // class 1: P = 1/2,       R = 1/2,  F1 = 0.5
        // class 2: P = 1/2,       R = 1/1,  F1 = 2·0.5·1/1.5 = 2/3
        // macro F1 = (0.8 + 0.5 + 2/3)/3 = 0.655555…; accuracy = 4/6
        let truth = [0, 0, 0, 1, 1, 2];
        let pred = [0, 1, 0, 1, 2, 2];
        let cm = confusion_matrix(3, &truth, &pred);
        assert_eq!(cm, vec![vec![2, 1, 0], vec![0, 1, 1], vec![0, 0, 1]]);
        let pc = per_class(&cm);
        assert!(close(pc[0].0, 1.0) && close(pc[0].1, 2.0 / 3.0) && close(pc[0].2, 0.8));
        assert!(close(pc[1].0, 0.5) && close(pc[1].1, 0.5) && close(pc[1].2, 0.5));
        assert!(close(pc[2].0, 0.5) && close(pc[2].1, 1.0) && close(pc[2].2, 2.0 / 3.0));
        assert_eq!((pc[0].3, pc[1].3, pc[2].3), (3, 2, 1));
        assert!(close(macro_f1(&cm), (0.8 + 0.5 + 2.0 / 3.0) / 3.0));
        assert!(close(accuracy(&truth, &pred), 4.0 / 6.0));
    }

    #[test]
    fn wilson_interval_matches_scipy() {
        // scipy.stats.binomtest(k, n).proportion_ci(0.95, method="wilson"), scipy 1.x.
        let cases = [
            ((8, 10), [0.4901624715366418, 0.9433178485456248]),
            ((0, 10), [0.0, 0.27753279986288926]),
            ((10, 10), [0.7224672001371109, 1.0]),
            ((636, 800), [0.7656469891020763, 0.8215334739365747]),
            ((1, 1), [0.20654931437723745, 1.0]),
        ];
        for ((k, n), want) in cases {
            let got = wilson_interval(k, n, Z_95);
            let ok = (got[0] - want[0]).abs() < 1e-12 && (got[1] - want[1]).abs() < 1e-12;
            assert!(ok, "{k}/{n}: {got:?} vs {want:?}");
        }
        assert_eq!(wilson_interval(0, 0, Z_95), [0.0, 1.0]);
    }

    #[test]
    fn undefined_ratios_are_zero() {
        // Class 1 is never predicted (precision 0/0 -> 0) and class 2 never
        // occurs and is never predicted (recall 0/0 -> 0, F1 0).
        let truth = [0, 1, 1];
        let pred = [0, 0, 0];
        let cm = confusion_matrix(3, &truth, &pred);
        let pc = per_class(&cm);
        // class 0: P = 1/3, R = 1, F1 = 2·(1/3)/(4/3) = 0.5
        assert!(close(pc[0].0, 1.0 / 3.0) && close(pc[0].1, 1.0) && close(pc[0].2, 0.5));
        assert_eq!((pc[1].0, pc[1].1, pc[1].2), (0.0, 0.0, 0.0));
        assert_eq!((pc[2].0, pc[2].1, pc[2].2, pc[2].3), (0.0, 0.0, 0.0, 0));
        assert!(close(macro_f1(&cm), 0.5 / 3.0));
        assert_eq!(accuracy(&[], &[]), 0.0);
        assert_eq!(macro_f1(&[]), 0.0);
    }

    #[test]
    fn report_lists_mistakes_most_confident_first() {
        let labels = vec!["ham".to_string(), "spam".to_string()];
        let texts = ["a", "b", "c", "d"];
        let truth = [0, 1, 1, 0];
        let pred = [0, 0, 0, 1];
        let conf = [0.9, 0.6, 0.8, 0.7];
        let r = report(&labels, &texts, &truth, &pred, &conf);
        assert_eq!(r.misclassified_count, 3);
        let order: Vec<&str> = r.misclassified.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(order, ["c", "d", "b"]);
        assert_eq!(r.misclassified[0].label, "spam");
        assert_eq!(r.misclassified[0].predicted, "ham");
        assert!(close(r.misclassified[0].confidence, 0.8));
        assert!(close(r.accuracy, 0.25));
        assert_eq!(r.accuracy_interval, wilson_interval(1, 4, Z_95));
        assert_eq!(r.confusion, vec![vec![1, 1], vec![2, 0]]);
        // ham: P = 1/3, R = 1/2, F1 = 2·(1/6)/(5/6) = 0.4; spam: all 0.
        assert!(close(r.per_class[0].f1, 0.4));
        assert!(close(r.macro_f1, 0.2));
        let json = serde_json::to_value(&r).unwrap();
        assert!(json.get("macroF1").is_some() && json.get("perClass").is_some());
    }
    #[test]
    fn report_lists_200_mistakes_counts_all_and_macro_f1_averages_every_label() {
        let labels = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let n = 250;
        let truth = vec![0usize; n];
        let pred = vec![1usize; n];
        let conf = vec![0.5; n];
        let texts: Vec<&str> = vec!["x"; n];
        let r = report(&labels, &texts, &truth, &pred, &conf);
        assert_eq!(r.misclassified_count, 250);
        assert_eq!(r.misclassified.len(), MAX_MISCLASSIFIED);
        assert_eq!(MAX_MISCLASSIFIED, 200);
        // sklearn f1_score([0,1],[0,1],labels=[0,1,2],average="macro",zero_division=0) = 2/3
        let r = report(&labels, &["p", "q"], &[0, 1], &[0, 1], &[0.9, 0.9]);
        assert!(close(r.macro_f1, 2.0 / 3.0), "{}", r.macro_f1);
    }
}
