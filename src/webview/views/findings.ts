/**
 * The findings list with its filters (severity, OWASP category, file, free text, suppressed
 * shown or not). A click on a location opens it in the editor.
 */
import type { PanelFinding, PanelState, PersistedState } from '../protocol';
import { h, plural } from '../dom';
import { type Actions, emptyNote, locationButton, SEVERITIES, SEVERITY_LABEL, severityPill } from './common';

export type Filters = PersistedState['filters'];

export const DEFAULT_FILTERS: Filters = { severity: 'all', category: 'all', file: 'all', showSuppressed: false, text: '' };

export function matches(f: PanelFinding, filters: Filters): boolean {
  if (!filters.showSuppressed && f.suppressed !== undefined) return false;
  if (filters.severity !== 'all' && f.severity !== filters.severity) return false;
  if (filters.category !== 'all' && !f.owasp.includes(filters.category)) return false;
  if (filters.file !== 'all' && f.file !== filters.file) return false;
  const text = filters.text.trim().toLowerCase();
  if (text && ![f.title, f.message, f.ruleId, f.file].some((s) => s.toLowerCase().includes(text))) return false;
  return true;
}

export function findingsSection(state: PanelState, filters: Filters, onFilters: (f: Filters) => void, actions: Actions): HTMLElement {
  const update = (patch: Partial<Filters>) => onFilters({ ...filters, ...patch });
  const files = [...new Set(state.findings.map((f) => f.file))].sort();
  const select = (label: string, value: string, options: Array<[string, string]>, onChange: (v: string) => void, testid: string) =>
    h(
      'label',
      { class: 'filter' },
      h('span', {}, label),
      (() => {
        const el = h('select', { 'data-testid': testid }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
        el.addEventListener('change', () => onChange(el.value));
        return el;
      })(),
    );
  const search = h('input', { type: 'search', placeholder: 'Search title, rule, file…', value: filters.text, 'aria-label': 'Search findings' });
  search.addEventListener('input', () => update({ text: search.value }));
  const suppressed = h('input', { type: 'checkbox', checked: filters.showSuppressed });
  suppressed.addEventListener('change', () => update({ showSuppressed: suppressed.checked }));

  const shown = state.findings.filter((f) => matches(f, filters));
  const total = state.findings.filter((f) => filters.showSuppressed || f.suppressed === undefined).length;
  const active = filters.severity !== 'all' || filters.category !== 'all' || filters.file !== 'all' || filters.text.trim() !== '';
  return h(
    'section',
    { class: 'card findings', id: 'findings' },
    h('div', { class: 'section-head' }, h('h2', {}, 'Findings'), h('span', { class: 'muted', 'data-testid': 'findings-shown' }, active ? `${shown.length} of ${total} shown` : plural(total, 'finding'))),
    h(
      'div',
      { class: 'filters' },
      select('Severity', filters.severity, [['all', 'All severities'], ...SEVERITIES.map((s): [string, string] => [s, SEVERITY_LABEL[s]])], (v) => update({ severity: v as Filters['severity'] }), 'filter-severity'),
      select('OWASP category', filters.category, [['all', 'All categories'], ...state.owasp.map((c): [string, string] => [c.id, `${c.id} ${c.name}`])], (v) => update({ category: v }), 'filter-category'),
      select('File', filters.file, [['all', 'All files'], ...files.map((f): [string, string] => [f, f])], (v) => update({ file: v }), 'filter-file'),
      h('label', { class: 'filter grow' }, h('span', {}, 'Search'), search),
      h('label', { class: 'filter check' }, suppressed, h('span', {}, 'Show suppressed')),
      active ? h('button', { type: 'button', class: 'secondary', onclick: () => onFilters({ ...filters, severity: 'all', category: 'all', file: 'all', text: '' }) }, 'Clear filters') : null,
    ),
    shown.length ? h('ol', { class: 'finding-list' }, shown.map((f) => findingRow(f, actions))) : emptyNote(state.findings.length ? 'No finding matches these filters.' : 'No findings in the analysed files.'),
  );
}

function findingRow(f: PanelFinding, actions: Actions): HTMLElement {
  return h(
    'li',
    { class: `finding sev-border-${f.severity}${f.suppressed !== undefined ? ' suppressed' : ''}`, 'data-rule': f.ruleId, 'data-testid': 'finding' },
    h(
      'div',
      { class: 'finding-head' },
      severityPill(f.severity),
      h('span', { class: 'finding-title' }, f.title),
      locationButton(f, actions),
    ),
    h('p', { class: 'finding-message' }, f.message),
    h(
      'div',
      { class: 'finding-tags' },
      h('button', { type: 'button', class: 'tag rule link', title: 'Show the rule documentation', onclick: () => actions.showRule(f.ruleId) }, f.ruleId),
      f.owasp.map((id) => h('span', { class: 'tag owasp' }, id)),
      f.iso.map((id) => h('span', { class: 'tag iso' }, `ISO 42001 ${id}`)),
      f.flowSteps > 1 ? h('span', { class: 'tag flow' }, `${f.flowSteps}-step flow`) : null,
      f.suppressed !== undefined ? h('span', { class: 'tag suppressed-tag', title: f.suppressed }, `Suppressed: ${f.suppressed}`) : null,
    ),
  );
}
