/**
 * The sections of the HTML risk report below the summary: the ISO/IEC 42001 Annex A table, the
 * LLM inventory, the findings (excerpt, flow path, fix advice, standards), suppressions and
 * accepted risks, and scan notices. Every value goes through the `html` tag, so user text is
 * escaped.
 *
 *   isoSection(rows: IsoControlRow[]): SafeHtml
 *   inventorySection(result: ScanResult): SafeHtml
 *   findingsSection(findings: Finding[], ctx: SectionContext): SafeHtml
 *   suppressedSection(findings: Finding[], ctx: SectionContext): SafeHtml
 *   noticesSection(notices: ScanNotice[], root: string): SafeHtml
 *   standardsTags(tags: StandardsTags): SafeHtml
 *   withInlineCode(text: string): SafeHtml       `backticked` spans as <code>, all text escaped
 */
import type { Finding, FlowStep, Location, ScanNotice, ScanResult, Severity, StandardsTags } from '../engine/findings';
import type { RuleInfo } from '../engine/rules/model';
import { isFrameworkProvider, providerDisplayName } from './ai-packages';
import { html, safeHref, type SafeHtml } from './html-escape';
import type { IsoControlRow } from './iso-controls';
import { compareLocations, compareStrings, sortedFiles } from './order';
import { displayPath } from './paths';
import { excerptLines, type RedactedSources } from './source';
import { atlasUrl, cweUrl, isoControlName, owaspName, owaspUrl } from './standards';

export interface SectionContext {
  root: string;
  rules: Map<string, RuleInfo>;
  sources: RedactedSources | undefined;
  /** Findings shown in full; the rest are listed in a table. */
  maxDetailed: number;
}

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

export function severityPill(s: Severity): SafeHtml {
  return html`<span class="pill sev-${s}">${SEVERITY_LABEL[s]}</span>`;
}

function linkTo(url: string | undefined, label: SafeHtml | string): SafeHtml {
  const href = safeHref(url);
  return href ? html`<a href="${href}" rel="noopener noreferrer">${label}</a>` : html`${label}`;
}

function where(root: string, loc: Location): string {
  return `${displayPath(root, loc.file)}:${loc.range.start.line + 1}`;
}

export function standardsTags(tags: StandardsTags): SafeHtml {
  return html`${tags.owasp2025.map((id) => html`<span class="tag owasp">${linkTo(owaspUrl(id), `${id} ${owaspName(id) ?? ''}`.trim())}</span>`)}${tags.owasp2026.map(
    (id) => html`<span class="tag owasp">${`${id} ${owaspName(id) ?? ''}`.trim()}</span>`,
  )}${tags.iso42001.map((id) => html`<span class="tag iso" title="${isoControlName(id) ?? ''}">ISO/IEC 42001 ${id}</span>`)}${tags.cwe.map(
    (id) => html`<span class="tag cwe">${linkTo(cweUrl(id), id)}</span>`,
  )}${tags.atlas.map((id) => html`<span class="tag atlas">${linkTo(atlasUrl(id), `ATLAS ${id}`)}</span>`)}`;
}

// ------------------------------------------------------------------ ISO/IEC 42001

export function isoSection(rows: readonly IsoControlRow[]): SafeHtml {
  if (rows.length === 0) return html`<div class="empty">No rule in this scan maps to an ISO/IEC 42001 Annex A control.</div>`;
  const body = rows.map((r) => {
    const openCell = r.openTotal === 0 ? html`0` : html`<b>${r.openTotal}</b><div class="small muted">${(['critical', 'high', 'medium', 'low', 'info'] as Severity[])
      .filter((s) => r.open[s] > 0)
      .map((s) => `${r.open[s]} ${s}`)
      .join(', ')}</div>`;
    const acceptedCell =
      r.accepted.length === 0
        ? html`0`
        : html`<b>${r.accepted.length}</b><ul class="accepted-list small">${r.accepted.map(
            (a) => html`<li><span class="mono">${a.ruleId}</span> at <span class="mono wrap">${a.file}:${a.line}</span>: ${a.reason}${
              a.owner ? html` <span class="muted">(owner ${a.owner}${a.reviewBy ? `, review by ${a.reviewBy}` : ''})</span>` : ''
            }</li>`,
          )}</ul>`;
    return html`<tr class="${r.openTotal === 0 && r.accepted.length === 0 ? 'zero' : ''}">
  <td class="mono">${r.id}</td>
  <td><b>${r.name}</b><div class="small muted">${r.objective} ${r.objectiveName}</div></td>
  <td class="num">${openCell}</td>
  <td>${acceptedCell}</td>
  <td class="small">${r.rationales.map((t) => html`<div>${t}</div>`)}<div class="muted">Rules: ${r.rules.join(', ')}</div></td>
</tr>`;
  });
  return html`<div class="table-wrap"><table>
<thead><tr><th>Control</th><th>Name</th><th>Open findings</th><th>Accepted risks</th><th>Rationale for the mapping</th></tr></thead>
<tbody>${body}</tbody></table></div>
<p class="small muted">Controls listed are those the active rules map to. The mapping from code findings to Annex A controls is llmsec's own (no official OWASP–ISO mapping exists); each rule states its rationale. The remaining Annex A controls are organisational and are not assessed by code scanning.</p>`;
}

// ------------------------------------------------------------------ inventory

export function inventorySection(result: ScanResult): SafeHtml {
  const files = sortedFiles(result);
  const calls = files.flatMap((f) => f.callSites).sort((a, b) => compareLocations(a.location, b.location));
  const models = files.flatMap((f) => f.modelSources).sort((a, b) => compareLocations(a.location, b.location));
  const root = result.root;
  const providers = new Map<string, number>();
  for (const c of calls) providers.set(c.provider, (providers.get(c.provider) ?? 0) + 1);
  const providerChips = [...providers.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([p, n]) => html`<span class="tag">${providerDisplayName(p)}: ${n} call site${n === 1 ? '' : 's'}</span>`);

  const callTable =
    calls.length === 0
      ? html`<div class="empty">No LLM call sites found.</div>`
      : html`<div class="table-wrap"><table>
<thead><tr><th>Provider</th><th>SDK</th><th>API</th><th>Model</th><th>Endpoint</th><th>Streaming</th><th>Location</th></tr></thead>
<tbody>${calls.map(
          (c) => html`<tr><td>${providerDisplayName(c.provider)}</td><td class="mono">${c.sdk}</td><td class="mono wrap">${c.api}</td><td class="mono">${c.model ?? html`<span class="muted">not constant</span>`}</td><td class="mono wrap">${
            c.endpoint ?? html`<span class="muted">${isFrameworkProvider(c.provider) ? 'set by the configured provider' : 'provider default'}</span>`
          }</td><td>${c.streaming ? 'yes' : 'no'}</td><td class="mono wrap">${where(root, c.location)}</td></tr>`,
        )}</tbody></table></div>`;

  const modelTable =
    models.length === 0
      ? html`<div class="empty">No model files or Hub models loaded.</div>`
      : html`<div class="table-wrap"><table>
<thead><tr><th>Source</th><th>Name</th><th>Loaded with</th><th>Revision</th><th>Pinned</th><th>Remote code</th><th>Location</th></tr></thead>
<tbody>${models.map(
          (m) => html`<tr><td>${m.kind}</td><td class="mono wrap">${m.name ?? html`<span class="muted">not constant</span>`}</td><td class="mono wrap">${m.api}</td><td class="mono wrap">${
            m.revision ?? html`<span class="muted">none</span>`
          }</td><td>${m.pinned ? 'yes' : html`<b>no</b>`}</td><td>${m.trustRemoteCode ? html`<b>trusted</b>` : 'no'}</td><td class="mono wrap">${where(root, m.location)}</td></tr>`,
        )}</tbody></table></div>`;

  return html`<p>${providerChips.length ? providerChips : html`<span class="muted">No LLM providers detected.</span>`}</p>
<h3>LLM call sites</h3>${callTable}
<h3 class="spaced">Models and model files</h3>${modelTable}`;
}

// ------------------------------------------------------------------ findings

function codeExcerpt(ctx: SectionContext, loc: Location): SafeHtml {
  const index = ctx.sources?.lineIndex(loc.file);
  if (!index) return html`<div class="note-box small">Source text not available for this report.</div>`;
  const lines = excerptLines(index, loc.range);
  return html`<pre class="code">${lines.map((l) => html`<span class="ln${l.highlight ? ' hl' : ''}"><span class="no">${l.line}</span>${l.text}</span>`)}</pre>`;
}

const STEP_KIND: Record<FlowStep['kind'], string> = { source: 'Source', step: 'Step', sink: 'Sink' };

function flowPath(ctx: SectionContext, flow: readonly FlowStep[]): SafeHtml {
  return html`<ol class="flow">${flow.map((step) => {
    const line = ctx.sources?.lineIndex(step.location.file)?.lineText(step.location.range.start.line).trim();
    return html`<li class="kind-${step.kind}"><span class="step-kind">${STEP_KIND[step.kind]}</span>${step.note} <span class="muted small mono wrap">${where(ctx.root, step.location)}</span>${
      line ? html`<code class="line">${line.length > 200 ? `${line.slice(0, 200)}…` : line}</code>` : ''
    }</li>`;
  })}</ol>`;
}

/** Rule docs mark code with backticks; show those spans as code (still escaped text). */
export function withInlineCode(text: string): SafeHtml {
  return html`${text.split('`').map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part))}`;
}

function fixAdvice(f: Finding, rule: RuleInfo | undefined): SafeHtml {
  // "Suppress ... with a justification" is offered in the editor too, but it is not a fix.
  const fixes = f.fixes.filter((x) => !/^suppress\b/i.test(x.title)).map((x) => html`<li>Quick fix in the editor: ${x.title}${x.isPreferred ? ' (preferred)' : ''}</li>`);
  return html`<div class="fix">${rule ? html`<div>${withInlineCode(rule.docs.fix)}</div>` : html`<div>See the rule documentation.</div>`}${fixes.length ? html`<ul>${fixes}</ul>` : ''}</div>`;
}

function findingCard(f: Finding, n: number, ctx: SectionContext): SafeHtml {
  const rule = ctx.rules.get(f.ruleId);
  const open = f.severity === 'critical' || f.severity === 'high' || f.severity === 'medium';
  return html`<details class="finding sev-b-${f.severity}" id="finding-${n}"${open ? html` open` : ''}>
<summary>${severityPill(f.severity)}<span class="title">${f.title}</span><span class="mono muted small">${f.ruleId}</span><span class="where mono">${where(ctx.root, f.location)}</span></summary>
<div class="body">
  <p class="message">${f.message}</p>
  ${rule ? html`<p class="small muted">${withInlineCode(rule.docs.why)}</p>` : ''}
  <h4>Code</h4>${codeExcerpt(ctx, f.location)}
  ${f.flow.length > 0 ? html`<h4>Flow path (${f.flow.length} steps)</h4>${flowPath(ctx, f.flow)}` : ''}
  <h4>How to fix</h4>${fixAdvice(f, rule)}
  <h4>Standards</h4><div>${standardsTags(f.tags)}</div>
  <p class="small muted">${f.tags.isoRationale}</p>
  <p class="small muted">Fingerprint <span class="mono">${f.fingerprint}</span> · ${linkTo(f.helpUri, 'Rule documentation')}</p>
</div>
</details>`;
}

export function findingsSection(findings: readonly Finding[], ctx: SectionContext): SafeHtml {
  if (findings.length === 0) return html`<div class="empty">No open findings.</div>`;
  const detailed = findings.slice(0, ctx.maxDetailed);
  const rest = findings.slice(ctx.maxDetailed);
  return html`${detailed.map((f, i) => findingCard(f, i + 1, ctx))}${
    rest.length > 0
      ? html`<h3>${rest.length} more open findings</h3><div class="table-wrap"><table><thead><tr><th>Severity</th><th>Rule</th><th>Location</th><th>Message</th></tr></thead><tbody>${rest.map(
          (f) => html`<tr><td>${severityPill(f.severity)}</td><td class="mono">${f.ruleId}</td><td class="mono wrap">${where(ctx.root, f.location)}</td><td class="wrap">${f.message}</td></tr>`,
        )}</tbody></table></div>`
      : ''
  }`;
}

export function suppressedSection(findings: readonly Finding[], ctx: SectionContext): SafeHtml {
  if (findings.length === 0) return html`<div class="empty">No suppressed or accepted findings.</div>`;
  return html`<div class="table-wrap"><table>
<thead><tr><th>Status</th><th>Severity</th><th>Rule</th><th>Location</th><th>Justification</th><th>Owner</th><th>Accepted</th><th>Review by</th></tr></thead>
<tbody>${findings.map((f) => {
    const s = f.suppression;
    return html`<tr><td>${s?.kind === 'register' ? 'Accepted risk (register)' : 'Suppressed inline'}</td><td>${severityPill(f.severity)}</td><td class="mono">${f.ruleId}</td><td class="mono wrap">${where(
      ctx.root,
      f.location,
    )}</td><td class="wrap">${s?.justification ?? ''}</td><td>${s?.owner ?? ''}</td><td class="mono nowrap">${s?.acceptedOn ?? ''}</td><td class="mono nowrap">${s?.reviewBy ?? ''}</td></tr>`;
  })}</tbody></table></div>`;
}

export function noticesSection(notices: readonly ScanNotice[], root: string): SafeHtml {
  if (notices.length === 0) return html`<div class="empty">The scan reported no problems.</div>`;
  return html`<div class="table-wrap"><table>
<thead><tr><th>Level</th><th>Reason</th><th>File</th><th>Message</th></tr></thead>
<tbody>${notices.map(
    (n) => html`<tr><td>${n.level}</td><td class="mono">${n.reason}</td><td class="mono wrap">${n.file ? displayPath(root, n.file) : ''}</td><td class="wrap">${n.message}</td></tr>`,
  )}</tbody></table></div>`;
}
