// The worked numbers of one step as Markdown (for "Copy this step as
// Markdown"): the network, the sample, then every phase's formulas. Pure.
import { phaseFormulas } from './formulas.js';
import { formatNumber } from '../lib/format.js';
import { lossName } from './model.js';

/**
 * @param {{trace: object, before: object, after?: object, all?: boolean}} ctx
 * @param {object[]} phases phaseList(...)
 * @returns {string}
 */
export function stepMarkdown(ctx, phases) {
  const s = ctx.before;
  const f = (x) => formatNumber(x, { all: !!ctx.all });
  const opt = s.optimizer.kind === 'momentum' ? `SGD with momentum ${f(s.optimizer.momentum)}`
    : s.optimizer.kind === 'adam' ? `Adam (β1 ${f(s.optimizer.beta1)}, β2 ${f(s.optimizer.beta2)}, ε ${f(s.optimizer.epsilon)})` : 'SGD';
  const lines = [
    `# Backprop, step ${ctx.trace.step}`,
    '',
    `Network ${s.sizes.join('-')}, activations ${s.activations.join(', ')}, loss: ${lossName(s.loss)}, ${opt}, learning rate η = ${f(s.learningRate)}.`,
    `Input x = (${ctx.trace.input.map(f).join(', ')}), target y = (${ctx.trace.target.map(f).join(', ')}).`,
  ];
  for (const ph of phases) {
    if (ph.kind === 'start') continue;
    lines.push('', `## ${ph.label}`, '');
    for (const g of phaseFormulas(ctx, ph)) {
      if (ph.kind === 'gradients' || ph.kind === 'update') lines.push(`${g.title}:`, '');
      for (const fm of g.formulas) lines.push(`- \`${fm.text}\``);
      if (ph.kind === 'gradients' || ph.kind === 'update') lines.push('');
    }
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}
