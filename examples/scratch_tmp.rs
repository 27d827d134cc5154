use nn_playground::classifier::{ClassifierConfig, TextClassifier, TrainConfig};
use nn_playground::text::{parse_dataset, DatasetOptions};
fn main() {
    let text = std::fs::read_to_string("www/data/shopping_reviews_zh_sample.tsv").unwrap();
    let data = parse_dataset(&text, &DatasetOptions::default()).unwrap();
    let mut config = ClassifierConfig::default(); config.max_len = 20;
    let mut clf = TextClassifier::new(config).unwrap();
    let mut tc = TrainConfig::default(); tc.epochs = 2;
    clf.fit(&data.texts, &data.labels, tc, |_| true).unwrap();
    for t in ["", "。。。！！", "好", "hello world", "这个酒店非常好，服务也很好，下次还来。这个酒店非常好，服务也很好，下次还来。", "iPhone很好用😀👍🏽", "ＸＰ系统不错"] {
        let p = clf.predict(t);
        let e = clf.explain(t);
        let tk = clf.tokenize(t);
        println!("{t:?}\n  predict {:?}\n  explain {:?}\n  tokenize {:?}", p.map(|p| p.label), e.map(|e| e.tokens.iter().map(|x| format!("{}:{:.3}", x.text, x.contribution)).collect::<Vec<_>>()), tk.tokens.iter().map(|x| format!("{}{}", x.text, if x.oov {"(oov)"} else {""})).collect::<Vec<_>>());
    }
}
