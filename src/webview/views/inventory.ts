/** The AI inventory: every LLM call site (provider, model, file) and every model source. */
import type { PanelState } from '../protocol';
import { h } from '../dom';
import { type Actions, card, emptyNote, locationButton } from './common';

export function inventoryCard(state: PanelState, actions: Actions): HTMLElement {
  const providers = new Set(state.callSites.map((c) => c.provider));
  return card(
    'AI inventory',
    h('p', { class: 'muted small' }, `${state.callSites.length} LLM call sites across ${providers.size} provider${providers.size === 1 ? '' : 's'}; ${state.modelSources.length} model source${state.modelSources.length === 1 ? '' : 's'}.`),
    h('h3', {}, 'LLM call sites'),
    state.callSites.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'inventory', 'data-testid': 'call-sites' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Provider'), h('th', {}, 'Model'), h('th', { class: 'hide-narrow' }, 'API'), h('th', {}, 'Location'))),
            h(
              'tbody',
              {},
              state.callSites.map((c) =>
                h(
                  'tr',
                  {},
                  h('td', {}, c.provider),
                  h('td', {}, c.model ? h('code', {}, c.model) : h('span', { class: 'muted' }, 'not a constant')),
                  h('td', { class: 'mono small hide-narrow' }, c.api, c.streaming ? h('span', { class: 'tag' }, ' streaming') : null),
                  h('td', {}, locationButton(c, actions)),
                ),
              ),
            ),
          ),
        )
      : emptyNote('No LLM calls found in the analysed files.'),
    h('h3', {}, 'Model sources'),
    state.modelSources.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'inventory', 'data-testid': 'model-sources' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Model'), h('th', { class: 'hide-narrow' }, 'Kind'), h('th', {}, 'Revision'), h('th', {}, 'Location'))),
            h(
              'tbody',
              {},
              state.modelSources.map((m) =>
                h(
                  'tr',
                  {},
                  h('td', {}, m.name ? h('code', {}, m.name) : h('span', { class: 'muted' }, 'not a constant'), h('div', { class: 'muted small mono' }, m.api)),
                  h('td', { class: 'hide-narrow' }, m.kind),
                  h(
                    'td',
                    {},
                    m.pinned ? h('span', { class: 'tag ok' }, 'pinned') : h('span', { class: 'tag warn' }, m.revision ? `not pinned (${m.revision})` : 'not pinned'),
                    m.trustRemoteCode ? h('span', { class: 'tag warn' }, 'trust_remote_code') : null,
                  ),
                  h('td', {}, locationButton(m, actions)),
                ),
              ),
            ),
          ),
        )
      : emptyNote('No model files or Hub models referenced in the analysed files.'),
  );
}
