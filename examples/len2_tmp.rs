use nn_playground::classifier::{ClassifierConfig, TextClassifier, TrainConfig};
use nn_playground::text::{parse_dataset, DatasetOptions};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let ml: usize = args[1].parse().unwrap();
    let text = std::fs::read_to_string("../shared/data/shopping_reviews_zh.tsv").unwrap();
    let data = parse_dataset(&text, &DatasetOptions::default()).unwrap();
    let mut st = [[0usize; 2]; 3];
    for split in [1u64,2,3,4,5,6,7,8,9,10,11,42] {
        let mut train = TrainConfig::default(); train.seed = split;
        let mut config = ClassifierConfig::default(); config.seed = split; config.max_len = ml;
        let mut clf = TextClassifier::new(config).unwrap();
        clf.fit(&data.texts, &data.labels, train, |_| true).unwrap();
        let val = clf.validation_indices().to_vec();
        let labels = clf.labels().to_vec();
        let pos = labels.iter().position(|l| l == "pos").unwrap();
        let texts: Vec<&str> = val.iter().map(|&i| data.texts[i].as_str()).collect();
        let p = clf.predict_proba(&texts).unwrap();
        for (j, &i) in val.iter().enumerate() {
            let n = data.texts[i].chars().filter(|c| c.is_alphanumeric()).count();
            let b = if n <= 50 { 0 } else if n <= 100 { 1 } else { 2 };
            st[b][0] += 1; st[b][1] += ((p[j*2+pos] > 0.5) == (data.labels[i] == "pos")) as usize;
        }
    }
    let tot: usize = st.iter().map(|s| s[0]).sum(); let c: usize = st.iter().map(|s| s[1]).sum();
    println!("maxLen {ml}: <=50 {:.3} (n {}), 51-100 {:.3} (n {}), >100 {:.3} (n {}), all {:.3}", st[0][1] as f64/st[0][0] as f64, st[0][0], st[1][1] as f64/st[1][0] as f64, st[1][0], st[2][1] as f64/st[2][0] as f64, st[2][0], c as f64/tot as f64);
}
