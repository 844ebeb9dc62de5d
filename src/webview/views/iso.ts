/** The ISO/IEC 42001 Annex A controls the rules map to, with open and suppressed counts. */
import type { PanelState } from '../protocol';
import { h } from '../dom';
import { card } from './common';

export function isoCard(state: PanelState): HTMLElement {
  const touched = state.iso.filter((c) => c.open + c.suppressed > 0).length;
  return card(
    'ISO/IEC 42001 Annex A controls',
    h('p', { class: 'muted small' }, `${touched} of the ${state.iso.length} controls the active rules map to have findings. The mapping is llmsec's own; each rule states why.`),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'iso' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Control'), h('th', { class: 'num' }, 'Open'), h('th', { class: 'num' }, 'Suppressed'), h('th', {}, 'Rules'))),
        h(
          'tbody',
          {},
          state.iso.map((c) =>
            h(
              'tr',
              { class: c.open + c.suppressed ? '' : 'zero', 'data-control': c.id },
              h('td', {}, h('div', {}, h('b', { class: 'mono' }, c.id), ' ', c.name), h('div', { class: 'muted small' }, c.objective), c.rationale ? h('details', { class: 'rationale' }, h('summary', {}, 'Why these rules map here'), h('p', {}, c.rationale)) : null),
              h('td', { class: `num${c.open ? ' open' : ''}`, 'data-testid': `iso-open-${c.id}` }, c.open),
              h('td', { class: 'num' }, c.suppressed),
              h('td', { class: 'small' }, c.rules.join(', ')),
            ),
          ),
        ),
      ),
    ),
  );
}
