/** The ISO/IEC 42001 Annex A controls the rules map to, with open and suppressed counts. */
import type { PanelState } from '../protocol';
import { h } from '../dom';
import { type Actions, card } from './common';

export function isoCard(state: PanelState, actions: Actions): HTMLElement {
  const touched = state.iso.filter((c) => c.open + c.suppressed > 0);
  // Controls with findings first (most open first), then the others in Annex A order.
  const rows = [...touched.sort((a, b) => b.open - a.open || b.suppressed - a.suppressed), ...state.iso.filter((c) => c.open + c.suppressed === 0)];
  return card(
    'ISO/IEC 42001 Annex A controls',
    h('p', { class: 'muted small' }, `${touched.length} of the ${state.iso.length} controls the active rules map to have findings. The mapping is llmsec's own; each rule states why it applies.`),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'iso' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Control'), h('th', { class: 'num' }, 'Open'), h('th', { class: 'num' }, 'Suppressed'))),
        h(
          'tbody',
          {},
          rows.map((c) =>
            h(
              'tr',
              { class: c.open + c.suppressed ? '' : 'zero', 'data-control': c.id },
              h(
                'td',
                {},
                h('div', {}, h('span', { class: 'iso-id' }, c.id), c.name, h('span', { class: 'muted small' }, ` · ${c.objective}`)),
                h(
                  'details',
                  { class: 'rationale' },
                  h('summary', {}, `${c.rules.length} rule${c.rules.length === 1 ? '' : 's'} and why they map here`),
                  h('div', { class: 'rule-list' }, c.rules.map((r) => h('button', { type: 'button', class: 'tag rule link', onclick: () => actions.showRule(r) }, r))),
                  c.rationale ? h('p', {}, c.rationale) : null,
                ),
              ),
              h('td', { class: `num${c.open ? ' open' : ''}`, 'data-testid': `iso-open-${c.id}` }, c.open),
              h('td', { class: 'num' }, c.suppressed),
            ),
          ),
        ),
      ),
    ),
  );
}
