// Where the seed article's printed arithmetic goes wrong, shown with the
// article preset.
import { el } from '../lib/dom.js';

export function renderArticleNote() {
  return el('details', { class: 'bp-note', open: true },
    el('summary', {}, 'About the article this example comes from'),
    el('p', {}, 'This is the 2-3-2 example of the article the page started from: every weight and bias 0.5, ReLU hidden and output units, input (1, 0), target (1, 0), learning rate 0.1, loss 1/2·Σ(a - y)², plain SGD. The numbers here are computed by the core; the article\'s printed arithmetic goes wrong in several places:'),
    el('ul', {},
      el('li', {}, 'It computes z2 with the input (0, 1) instead of its own stated input (1, 0). Every hidden unit gets z = 0.5·1 + 0.5·0 + 0.5 = 1.0 and a = 1.0.'),
      el('li', {}, 'It writes z4 = z5 = 0.5·1 + 0.5·1 + 0.5 = 1.5, using only two of the three hidden units. Correct: 0.5·1·3 + 0.5 = 2.0.'),
      el('li', {}, 'It then takes a4 = a5 = max(0, 1.5) = 1, which should be 1.5 by its own numbers; correctly a4 = a5 = 2.0, and L = 1/2·((2 - 1)² + (2 - 0)²) = 2.5.'),
      el('li', {}, 'It calls the loss cross-entropy while using the squared-error delta a - y. With 1/2·Σ(a - y)² and ReLU, the output deltas are (2 - 1)·1 = 1 and (2 - 0)·1 = 2.'),
      el('li', {}, 'It gives the hidden deltas as 0.5 instead of (0.5·1 + 0.5·2)·1 = 1.5.'),
      el('li', {}, 'It updates every weight by 0.1·0 = 0, although the gradients are not 0: an output weight becomes 0.5 - 0.1·1 = 0.4 or 0.5 - 0.1·2 = 0.3, a hidden weight from x1 becomes 0.5 - 0.1·1.5 = 0.35, and one from x2 (= 0) stays 0.5.')));
}
