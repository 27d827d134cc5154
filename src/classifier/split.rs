//! A stratified, seeded train/validation split.
//!
//! Each class's sample indices are shuffled with one seeded generator (classes
//! in index order) and `round(fraction · n_c)` of them go to validation, so
//! every class keeps its share in both parts. A class with at least 2 samples
//! keeps at least one in training and, when `fraction > 0`, gives at least one
//! to validation; a class with a single sample stays in training. Both index
//! lists come back sorted (training order is shuffled per epoch later).
//!
//! [`stratified_fold`] is the k-fold version for cross-validation: the same
//! per-class shuffles, each class dealt round-robin over `k` folds (the
//! dealing continues from one class to the next, so fold sizes differ by at
//! most one), and fold `index` held out. Over `index = 0..k` every sample is
//! held out exactly once.

use crate::rng::Rng;

/// Indices of the training and validation samples.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Split {
    pub train: Vec<usize>,
    pub validation: Vec<usize>,
}

/// Each class's sample indices (classes in index order), each shuffled by
/// one generator seeded with `seed`: what both splits deal from.
fn shuffled_classes(
    labels: &[usize],
    n_classes: usize,
    seed: u64,
) -> Result<Vec<Vec<usize>>, String> {
    let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); n_classes];
    for (i, &c) in labels.iter().enumerate() {
        if c >= n_classes {
            return Err(format!(
                "label index {c} at sample {i} is out of range for {n_classes} classes"
            ));
        }
        by_class[c].push(i);
    }
    let mut rng = Rng::new(seed);
    for idx in &mut by_class {
        rng.shuffle(idx);
    }
    Ok(by_class)
}

/// Split `labels` (class index per sample, `< n_classes`) so that about
/// `fraction` of each class is held out. `fraction` must be in `[0, 1)`.
pub fn stratified_split(
    labels: &[usize],
    n_classes: usize,
    fraction: f64,
    seed: u64,
) -> Result<Split, String> {
    if !(0.0..1.0).contains(&fraction) || !fraction.is_finite() {
        return Err(format!("validationSplit must be in [0, 1), got {fraction}"));
    }
    let mut split = Split::default();
    for idx in shuffled_classes(labels, n_classes, seed)? {
        let n = idx.len();
        let mut k = (fraction * n as f64).round() as usize;
        if fraction > 0.0 && n >= 2 {
            k = k.clamp(1, n - 1);
        } else if n < 2 {
            k = 0;
        }
        split.validation.extend_from_slice(&idx[..k]);
        split.train.extend_from_slice(&idx[k..]);
    }
    split.train.sort_unstable();
    split.validation.sort_unstable();
    Ok(split)
}

/// Fold `index` (0-based) of a stratified, seeded `k`-fold partition of
/// `labels` as the validation part, the other `k - 1` folds as training.
/// `k` must be at least 2 and at most the number of samples.
pub fn stratified_fold(
    labels: &[usize],
    n_classes: usize,
    k: usize,
    index: usize,
    seed: u64,
) -> Result<Split, String> {
    if k < 2 || k > labels.len() {
        return Err(format!(
            "fold.k must be between 2 and the number of examples ({}), got {k}",
            labels.len()
        ));
    }
    if index >= k {
        return Err(format!(
            "fold.index must be below fold.k ({k}), got {index}"
        ));
    }
    let mut split = Split::default();
    let mut dealt = 0usize;
    for idx in shuffled_classes(labels, n_classes, seed)? {
        for i in idx {
            if dealt % k == index {
                split.validation.push(i);
            } else {
                split.train.push(i);
            }
            dealt += 1;
        }
    }
    split.train.sort_unstable();
    split.validation.sort_unstable();
    Ok(split)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_class_shares_and_partitions_all_samples() {
        // 80 of class 0, 20 of class 1, fraction 0.25 -> 20 + 5 held out.
        let labels: Vec<usize> = (0..100).map(|i| usize::from(i % 5 == 0)).collect();
        let s = stratified_split(&labels, 2, 0.25, 7).unwrap();
        let val_pos = s.validation.iter().filter(|&&i| labels[i] == 1).count();
        assert_eq!(s.validation.len(), 25);
        assert_eq!(val_pos, 5);
        let mut all: Vec<usize> = s.train.iter().chain(&s.validation).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn seeded_and_edge_cases() {
        let labels: Vec<usize> = (0..40).map(|i| i % 3).collect();
        let a = stratified_split(&labels, 3, 0.2, 1).unwrap();
        assert_eq!(a, stratified_split(&labels, 3, 0.2, 1).unwrap());
        assert_ne!(a, stratified_split(&labels, 3, 0.2, 2).unwrap());
        // Zero fraction: nothing held out.
        assert!(stratified_split(&labels, 3, 0.0, 1)
            .unwrap()
            .validation
            .is_empty());
        // Tiny classes: a 2-sample class gives 1, a singleton gives none.
        let s = stratified_split(&[0, 0, 1], 2, 0.1, 3).unwrap();
        assert_eq!(s.validation.len(), 1);
        assert_eq!(s.train.len(), 2);
        assert!(s.train.contains(&2));
        // Bad input names the field.
        assert!(stratified_split(&labels, 3, 1.0, 1)
            .unwrap_err()
            .contains("validationSplit"));
        assert!(stratified_split(&[0, 5], 3, 0.5, 1)
            .unwrap_err()
            .contains("out of range"));
    }

    #[test]
    fn folds_hold_out_every_sample_once_and_keep_class_shares() {
        // 70 of class 0 and 30 of class 1 (i % 10 >= 7), 5 folds.
        let labels: Vec<usize> = (0..100).map(|i| usize::from(i % 10 >= 7)).collect();
        let mut seen = vec![0; 100];
        for index in 0..5 {
            let s = stratified_fold(&labels, 2, 5, index, 9).unwrap();
            // 100 / 5 = 20 held out: 14 of class 0 and 6 of class 1.
            assert_eq!(s.validation.len(), 20);
            assert_eq!(s.validation.iter().filter(|&&i| labels[i] == 1).count(), 6);
            let mut all: Vec<usize> = s.train.iter().chain(&s.validation).copied().collect();
            all.sort_unstable();
            assert_eq!(
                all,
                (0..100).collect::<Vec<_>>(),
                "fold {index} partitions the samples"
            );
            for &i in &s.validation {
                seen[i] += 1;
            }
        }
        assert!(
            seen.iter().all(|&n| n == 1),
            "each sample is held out exactly once"
        );
        // Uneven sizes: 7 samples in 3 folds -> 3, 2, 2 (sizes differ by at most one).
        let sizes: Vec<usize> = (0..3)
            .map(|f| {
                stratified_fold(&[0, 1, 0, 1, 0, 1, 0], 2, 3, f, 1)
                    .unwrap()
                    .validation
                    .len()
            })
            .collect();
        assert_eq!(sizes, [3, 2, 2]);
        // Seeded; bad k and index name the field.
        assert_eq!(
            stratified_fold(&labels, 2, 5, 2, 9),
            stratified_fold(&labels, 2, 5, 2, 9)
        );
        assert_ne!(
            stratified_fold(&labels, 2, 5, 2, 9),
            stratified_fold(&labels, 2, 5, 2, 10)
        );
        assert!(stratified_fold(&labels, 2, 1, 0, 1)
            .unwrap_err()
            .contains("fold.k"));
        assert!(stratified_fold(&[0, 1], 2, 3, 0, 1)
            .unwrap_err()
            .contains("fold.k"));
        assert!(stratified_fold(&labels, 2, 5, 5, 1)
            .unwrap_err()
            .contains("fold.index"));
    }
    #[test]
    fn a_singleton_class_stays_in_training_and_folds_deal_on_across_classes() {
        for seed in 0..5 {
            let s = stratified_split(&[0, 0, 0, 0, 1], 2, 0.6, seed).unwrap();
            assert!(
                s.train.contains(&4),
                "singleton class must stay in training"
            );
        }
        let labels = [0, 0, 0, 0, 1, 1, 1, 1];
        let sizes: Vec<usize> = (0..3)
            .map(|f| {
                stratified_fold(&labels, 2, 3, f, 1)
                    .unwrap()
                    .validation
                    .len()
            })
            .collect();
        assert_eq!(sizes, [3, 3, 2]);
    }
}
