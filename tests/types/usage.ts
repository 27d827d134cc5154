// Type-checks the generated www/pkg/nn_playground.d.ts against how the API is
// meant to be used (never run; `npx tsc --noEmit -p tests/types`). Each
// `@ts-expect-error` line must be a type error: it proves a method is typed,
// not `any`. Run by tests/e2e/types.test.mjs.
import init, {
  Network, TextClassifier, parseLabelled,
  type NetworkState, type NetworkStateInput, type StepTrace, type LayerTrace, type BatchTrace,
  type GradCheckEntry, type ClassifierOptions, type FitOptions, type EpochStats, type Plan,
  type Progress, type Prediction, type EvaluationReport, type Explanation, type TokenizeResult,
  type ExportedModel, type ParsedDataset,
} from '../../www/pkg/nn_playground.js';

export async function network(): Promise<number> {
  await init();
  const state: NetworkStateInput = {
    version: 1, sizes: [2, 3, 2], activations: ['relu', 'relu'], loss: 'halfSse',
    weights: [[[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]],
    biases: [[0.5, 0.5, 0.5], [0.5, 0.5]], input: [1, 0], target: [1, 0],
    learningRate: 0.1, optimizer: { kind: 'adam' },
  };
  const net = Network.fromJSON(state);
  Network.fromJSON(JSON.stringify(state));
  const t = net.step(); // unannotated: the @ts-expect-error below fails if step() returns any
  const typed: StepTrace = t;
  const layer: LayerTrace = t.layers[0];
  const fprime: number[] | null = layer.dActivation;
  const w: number = layer.weightsAfter[0][1] + t.lossGrad[0];
  const s: NetworkState = net.toJSON();
  const opt = s.optimizer;
  const beta1: number = opt.kind === 'adam' ? opt.beta1 : 0;
  const m = s.optimizerState.m?.weights[0][0][0];
  const b: BatchTrace = net.stepBatch(new Float64Array([1, 0]), new Float64Array([1, 0]));
  const z: number = b.samples[0].layers[1].z[0] + b.layers[0].biasGrad[0];
  const g: GradCheckEntry[] = net.gradientCheck();
  const kind: 'weight' | 'bias' = g[0].kind;
  const out: Float64Array = net.predictBatch(new Float64Array([1, 0]));
  const xor = Network.xorDataset();
  const losses: Float64Array = Network.preset('xor').trainSteps(new Float64Array(xor.inputs), new Float64Array(xor.targets), 4, 10, 1);
  const withL2: Float64Array = Network.preset('xor').trainSteps(new Float64Array(xor.inputs), new Float64Array(xor.targets), 4, 10, 1, 'l2', 0.01);
  console.log(withL2);
  // @ts-expect-error: StepTrace has no `lossGradient`
  t.lossGradient;
  // @ts-expect-error: activations are a closed set
  Network.fromJSON({ ...state, activations: ['relu', 'gelu'] });
  // @ts-expect-error: NetworkState.loss is a LossName, not any string
  const badLoss: NetworkState = { ...s, loss: 'hinge' };
  console.log(typed, fprime, w, beta1, m, z, kind, out, losses, badLoss);
  return t.loss;
}

export function classifier(text: string): void {
  const data: ParsedDataset = parseLabelled(text);
  const format: 'tsv' | 'csv' | 'fasttext' = data.format;
  const options: ClassifierOptions = { maxLen: 40, tokenization: 'auto' };
  const clf = new TextClassifier(options);
  new TextClassifier();
  const bag: boolean = new TextClassifier({ bagOfTokens: false }).config().bagOfTokens;
  // @ts-expect-error: bagOfTokens is a boolean
  new TextClassifier({ bagOfTokens: 'on' });
  console.log(bag);
  const fitOptions: FitOptions = { epochs: 2, earlyStopping: { patience: 1 }, onBatch: (p: Progress) => p.loss < 10 };
  const history: EpochStats[] = clf.fit(data.texts, data.labels, fitOptions);
  clf.fit(data.texts, data.labels);
  const valLoss: number | null = history[0].valLoss;
  const plan: Plan = clf.prepare(data.texts, data.labels, { epochs: 1 });
  const p: Progress = clf.trainBatches(1);
  const end: EpochStats | null = p.epochEnd;
  const pred = clf.predict('hello'); // unannotated on purpose (see below)
  const typedPred: Prediction = pred;
  const report: EvaluationReport = clf.evaluate(data.texts, data.labels);
  const f1: number = report.perClass[0].f1 + report.macroF1 + report.confusion[0][0];
  const [low, high]: [number, number] = report.accuracyInterval;
  const unseen: number | null = clf.validationReport().overlap?.unseenAccuracy ?? null;
  const ex: Explanation = clf.explain('hello');
  const id: number | null = ex.tokens[0].id;
  const tok: TokenizeResult = clf.tokenize('hello');
  const ids: Int32Array = tok.ids;
  const cut: number = tok.truncated + (tok.tokens[0].truncated ? 1 : 0) + (ex.tokens[0].truncated ? 1 : 0);
  const lengths: Uint32Array = clf.tokenLengths(data.texts);
  const patience: number | undefined = TextClassifier.defaultTrainOptions().earlyStopping?.patience;
  const fold: { k: number; index: number } | null = TextClassifier.defaultTrainOptions().fold;
  clf.prepare(data.texts, data.labels, { fold: { k: 5, index: 0 } });
  const files: ExportedModel = clf.exportModel();
  const bin: Uint8Array = files.weightsBin;
  const again = TextClassifier.importModel(files.modelJson, files.weightsBin, files.tokenizerJson);
  // The weights may also be an ArrayBuffer (what fetch(...).arrayBuffer() gives).
  const fetched: ArrayBuffer = new ArrayBuffer(0);
  TextClassifier.importModel(files.modelJson, fetched, files.tokenizerJson);
  // @ts-expect-error: predict takes a string
  clf.predict(123);
  const labels: string[] = files.tokenizerJson.labels;
  // @ts-expect-error: tokenization is 'words' | 'chars' | 'auto'
  new TextClassifier({ tokenization: 'bpe' });
  // @ts-expect-error: a misspelt option is a type error too
  new TextClassifier({ vocabsize: 10 });
  // @ts-expect-error: texts must be strings
  clf.fit([1, 2], ['a', 'b']);
  // @ts-expect-error: Prediction has no `confidence`
  pred.confidence;
  console.log(typedPred, format, valLoss, plan.vocabulary, end, f1, id, ids, bin, again.config().maxLen, labels, lengths, patience, clf.validationReport().accuracy, unseen, clf.history(), clf.finish());
}
