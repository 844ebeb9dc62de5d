/**
 * The HTML risk report (`llmsec scan --format html`): one self-contained page a reviewer can open
 * anywhere. Inline CSS (allowed by its SHA-256 in the page's CSP), inline SVG charts, no scripts,
 * no external requests. All text from the workspace is escaped (see html-escape.ts).
 *
 *   renderHtmlReport(result: ScanResult, rules: readonly RuleInfo[], options?: HtmlReportOptions): string
 *
 * Contents: summary and risk score with its explanation; charts by severity and by OWASP Top 10
 * for LLM Applications category; the ISO/IEC 42001 Annex A table (open findings, accepted risks,
 * rationale per control); the LLM inventory; every open finding with its code excerpt, flow path
 * and fix advice; suppressions and accepted risks; scan notices.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Finding, ScanResult, Severity } from '../engine/findings';
import type { RuleInfo } from '../engine/rules/model';
import { categoryBars, riskGauge, severityBars, type CategoryRow } from './html-charts';
import { html, trusted } from './html-escape';
import { findingsSection, inventorySection, isoSection, noticesSection, suppressedSection, type SectionContext } from './html-sections';
import { REPORT_CSS } from './html-style';
import { isoControlRows } from './iso-controls';
import { compareFindings, compareStrings, sortedFiles, sortedFindings, sortedNotices } from './order';
import { reportRules } from './rule-index';
import { computeRiskScore, RISK_SCORE_EXPLANATION, SEVERITIES_DESCENDING } from './risk-score';
import { RedactedSources, type SourceReader } from './source';
import { owaspCategories, owaspName, type OwaspEdition } from './standards';
import { TOOL_NAME, TOOL_VERSION } from './tool-info';

export interface HtmlReportOptions {
  /** Reads file text for code excerpts; without it the report says the source is not available. */
  readSource?: SourceReader;
  title?: string;
  /** Shown in the header when given (the report carries no time otherwise). */
  generatedAt?: string;
  /** OWASP edition for the category chart (default 2025). */
  owaspEdition?: OwaspEdition;
  toolVersion?: string;
  /** Open findings shown in full (default 1000); the rest are listed in a table. */
  maxDetailedFindings?: number;
}

function categoryRows(findings: readonly Finding[], edition: OwaspEdition): CategoryRow[] {
  return owaspCategories(edition).map((id) => {
    const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const f of findings) {
      const ids = edition === '2025' ? f.tags.owasp2025 : f.tags.owasp2026;
      if (ids.includes(id)) counts[f.severity]++;
    }
    return { id, name: owaspName(id) ?? id, counts };
  });
}

export function renderHtmlReport(result: ScanResult, rules: readonly RuleInfo[], options: HtmlReportOptions = {}): string {
  const all = sortedFindings(result);
  const bySeverity = (a: Finding, b: Finding) => SEVERITIES_DESCENDING.indexOf(a.severity) - SEVERITIES_DESCENDING.indexOf(b.severity) || compareFindings(a, b);
  const open = all.filter((f) => !f.suppression).sort(bySeverity);
  const suppressed = all.filter((f) => f.suppression).sort((a, b) => compareStrings(b.suppression?.kind ?? '', a.suppression?.kind ?? '') || bySeverity(a, b));
  const catalogue = reportRules(rules, all);
  const risk = computeRiskScore(all);
  const edition = options.owaspEdition ?? '2025';
  const files = sortedFiles(result);
  const callSites = files.reduce((n, f) => n + f.callSites.length, 0);
  const models = files.reduce((n, f) => n + f.modelSources.length, 0);
  const notices = sortedNotices(result);
  const ctx: SectionContext = {
    root: result.root,
    rules: new Map(catalogue.map((r) => [r.id, r])),
    sources: options.readSource ? new RedactedSources(options.readSource, result) : undefined,
    maxDetailed: options.maxDetailedFindings ?? 1000,
  };
  const title = options.title ?? 'AI security risk report';
  const rootName = path.basename(path.resolve(result.root)) || result.root;
  const cssHash = createHash('sha256').update(REPORT_CSS, 'utf8').digest('base64');
  const csp = `default-src 'none'; style-src 'sha256-${cssHash}'; img-src data:; base-uri 'none'; form-action 'none'`;

  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${TOOL_NAME} ${options.toolVersion ?? TOOL_VERSION}">
<title>${title}: ${rootName}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<header class="top"><div class="inner">
  <div class="brand">${TOOL_NAME} · OWASP Top 10 for LLM Applications · ISO/IEC 42001</div>
  <h1>${title}: ${rootName}</h1>
  <div class="meta">
    <span>Scanned root <b class="mono">${result.root}</b></span>
    ${options.generatedAt ? html`<span>Generated <b>${options.generatedAt}</b></span>` : ''}
    <span>Tool <b>${TOOL_NAME} ${options.toolVersion ?? TOOL_VERSION}</b></span>
    <span>Rules <b>${catalogue.length}</b></span>
  </div>
</div></header>
<nav class="toc" aria-label="Sections"><div class="inner">
  <a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#iso">ISO/IEC 42001</a><a href="#inventory">LLM inventory</a><a href="#findings">Findings (${open.length})</a><a href="#suppressed">Suppressed and accepted (${suppressed.length})</a><a href="#notices">Scan notices (${notices.length})</a>
</div></nav>
<main>
<section id="summary">
  <h2>Summary</h2>
  <div class="grid summary">
    <div class="card score">
      <h3>Risk score</h3>
      ${riskGauge(risk.score, risk.rating)}
      <span class="rating rating-${risk.rating}">${risk.rating}</span>
      <p class="small muted">${risk.points} points from ${open.length} open findings</p>
    </div>
    <div class="card">
      <h3>At a glance</h3>
      <dl class="stats">
        <div><dt>Open findings</dt><dd>${open.length}</dd></div>
        <div><dt>Accepted risks</dt><dd>${risk.accepted}</dd></div>
        <div><dt>Suppressed inline</dt><dd>${risk.suppressed}</dd></div>
        <div><dt>Files analysed</dt><dd>${result.stats.filesAnalysed}<span class="small muted"> of ${result.stats.filesSeen}</span></dd></div>
        <div><dt>LLM call sites</dt><dd>${callSites}</dd></div>
        <div><dt>Models referenced</dt><dd>${models}</dd></div>
      </dl>
    </div>
    <div class="card">
      <h3>Open findings by severity</h3>
      ${severityBars(risk.open)}
    </div>
  </div>
  <div class="card explain"><b>How the risk score is computed.</b> ${RISK_SCORE_EXPLANATION}</div>
</section>
<section id="charts">
  <h2>Open findings by OWASP Top 10 for LLM Applications ${edition}</h2>
  <div class="card">${categoryBars(categoryRows(open, edition), `Open findings by OWASP Top 10 for LLM Applications ${edition} category`)}</div>
</section>
<section id="iso">
  <h2>ISO/IEC 42001:2023 Annex A controls</h2>
  ${isoSection(isoControlRows(all, catalogue, result.root))}
</section>
<section id="inventory">
  <h2>LLM inventory</h2>
  ${inventorySection(result)}
</section>
<section id="findings">
  <h2>Open findings (${open.length})</h2>
  ${findingsSection(open, ctx)}
</section>
<section id="suppressed">
  <h2>Suppressed findings and accepted risks (${suppressed.length})</h2>
  ${suppressedSection(suppressed, ctx)}
</section>
<section id="notices">
  <h2>Scan notices (${notices.length})</h2>
  ${noticesSection(notices, result.root)}
</section>
</main>
<footer>Generated by ${TOOL_NAME} ${options.toolVersion ?? TOOL_VERSION}. This page is self-contained: it loads nothing from the network and runs no scripts. Code excerpts are shown as text with secrets redacted.</footer>
</body>
</html>
`;
  return page.value;
}
