/** The top row: the risk score gauge with its explanation, and open findings by severity. */
import type { PanelState } from '../protocol';
import { h, plural, svg } from '../dom';
import { card, SEVERITIES, SEVERITY_LABEL } from './common';

const RATING_LABEL: Record<PanelState['score']['rating'], string> = { none: 'No open risk', low: 'Low', moderate: 'Moderate', high: 'High', critical: 'Critical' };

export function scoreCard(state: PanelState): HTMLElement {
  const { score, rating, points, explanation, weights } = state.score;
  // A half-circle gauge: the arc's length is the score.
  const r = 80;
  const length = Math.PI * r;
  const gauge = svg(
    'svg',
    { class: 'gauge', viewBox: '0 0 200 118', role: 'img', 'aria-label': `Risk score ${score} of 100, ${RATING_LABEL[rating]}` },
    svg('path', { d: `M 20 100 A ${r} ${r} 0 0 1 180 100`, class: 'gauge-track' }),
    svg('path', { d: `M 20 100 A ${r} ${r} 0 0 1 180 100`, class: `gauge-value rating-${rating}`, 'stroke-dasharray': `${(length * score) / 100} ${length}` }),
    svg('text', { x: 100, y: 92, class: 'gauge-number', 'text-anchor': 'middle' }, String(score)),
    svg('text', { x: 100, y: 112, class: 'gauge-scale', 'text-anchor': 'middle' }, 'of 100'),
  );
  return card(
    'Risk score',
    h('div', { class: 'score' }, gauge, h('span', { class: `rating rating-${rating}`, 'data-testid': 'rating' }, RATING_LABEL[rating])),
    h(
      'details',
      { class: 'explain' },
      h('summary', {}, 'How is this computed?'),
      h('p', {}, explanation),
      h(
        'table',
        { class: 'weights' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Severity'), h('th', { class: 'num' }, 'Points each'), h('th', { class: 'num' }, 'Open'), h('th', { class: 'num' }, 'Points'))),
        h(
          'tbody',
          {},
          SEVERITIES.map((s) => h('tr', {}, h('td', {}, SEVERITY_LABEL[s]), h('td', { class: 'num' }, weights[s]), h('td', { class: 'num' }, state.open[s]), h('td', { class: 'num' }, weights[s] * state.open[s]))),
          h('tr', { class: 'total' }, h('td', {}, 'Total'), h('td', {}), h('td', { class: 'num' }, state.openTotal), h('td', { class: 'num' }, points)),
        ),
      ),
    ),
  );
}

export function severityCard(state: PanelState): HTMLElement {
  const total = state.openTotal;
  const bar = h(
    'div',
    { class: 'stack', role: 'img', 'aria-label': SEVERITIES.map((s) => `${state.open[s]} ${s}`).join(', ') },
    total === 0 ? h('span', { class: 'stack-empty' }) : SEVERITIES.filter((s) => state.open[s] > 0).map((s) => stackPart(s, state.open[s], total)),
  );
  return card(
    'Open findings by severity',
    h('div', { class: 'big-number' }, h('span', { 'data-testid': 'open-total' }, total), h('span', { class: 'muted' }, ` open ${total === 1 ? 'finding' : 'findings'}`)),
    bar,
    h(
      'ul',
      { class: 'legend' },
      SEVERITIES.map((s) => h('li', { 'data-severity': s }, h('span', { class: `swatch sev-${s}` }), h('span', { class: 'legend-label' }, SEVERITY_LABEL[s]), h('span', { class: 'legend-count', 'data-testid': `count-${s}` }, state.open[s]))),
    ),
    h(
      'p',
      { class: 'muted small' },
      `${plural(state.suppressed, 'finding')} suppressed inline, ${state.accepted} accepted in the risk register. ${state.scan.lastScan ? `${plural(state.scan.lastScan.files, 'file')} scanned` : `${plural(state.filesAnalysed, 'open file')} analysed`}.`,
    ),
  );
}

function stackPart(severity: (typeof SEVERITIES)[number], count: number, total: number): HTMLElement {
  const part = h('span', { class: `stack-part sev-${severity}`, title: `${SEVERITY_LABEL[severity]}: ${count}` });
  part.style.flexGrow = String(count / total);
  return part;
}
