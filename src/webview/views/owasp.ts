/** Open findings per OWASP Top 10 for LLM Applications category, as a bar chart stacked by severity. */
import type { PanelState } from '../protocol';
import { h } from '../dom';
import { card, SEVERITIES, SEVERITY_LABEL } from './common';

export function owaspCard(state: PanelState, onPick: (categoryId: string) => void): HTMLElement {
  const max = Math.max(1, ...state.owasp.map((c) => c.openTotal));
  const rows = state.owasp.map((c) => {
    const bar = h('div', { class: 'bar' });
    for (const s of SEVERITIES) {
      if (!c.open[s]) continue;
      const part = h('span', { class: `bar-part sev-${s}`, title: `${SEVERITY_LABEL[s]}: ${c.open[s]}` });
      part.style.width = `${(100 * c.open[s]) / max}%`;
      bar.append(part);
    }
    return h(
      'li',
      { class: c.openTotal ? 'bar-row' : 'bar-row zero', 'data-category': c.id },
      h('button', { class: 'link bar-label', type: 'button', title: `Show the findings in ${c.id} ${c.name}`, onclick: () => onPick(c.id) }, h('span', { class: 'mono' }, c.id.replace(/:\d+$/, '')), ` ${c.name}`),
      bar,
      h('span', { class: 'bar-count', 'data-testid': `owasp-${c.id}` }, c.openTotal),
    );
  });
  return card(`By OWASP Top 10 for LLM Applications (${state.edition})`, h('ul', { class: 'bars' }, rows));
}
