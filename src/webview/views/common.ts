/** Pieces shared by the panel's sections. */
import type { PanelLocation, Severity } from '../protocol';
import { h } from '../dom';

export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

export interface Actions {
  open(location: PanelLocation): void;
  scan(): void;
  exportSarif(): void;
  exportAiBom(): void;
  showRule(ruleId: string): void;
}

export function severityPill(severity: Severity): HTMLElement {
  return h('span', { class: `pill sev-${severity}` }, SEVERITY_LABEL[severity]);
}

/** A file:line button that opens the location in the editor. */
export function locationButton(location: PanelLocation, actions: Actions, label = `${location.file}:${location.line + 1}`): HTMLElement {
  return h('button', { class: 'link location', type: 'button', title: `Open ${location.file} at line ${location.line + 1}`, onclick: () => actions.open(location) }, label);
}

export function card(title: string, ...body: (Node | string | null | undefined)[]): HTMLElement {
  return h('section', { class: 'card' }, h('h2', {}, title), ...body);
}

export function emptyNote(text: string): HTMLElement {
  return h('p', { class: 'empty' }, text);
}
