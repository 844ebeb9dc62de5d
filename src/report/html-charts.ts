/**
 * Inline SVG charts for the HTML report: no scripts, no external resources, no style attributes
 * (the page's CSP allows only its own stylesheet), colours as presentation attributes.
 *
 *   riskGauge(score: number, rating: string): SafeHtml
 *   severityBars(counts: Record<Severity, number>): SafeHtml
 *   categoryBars(rows: readonly CategoryRow[], title: string): SafeHtml   stacked by severity, with a legend
 *   SEVERITY_COLOURS: Record<Severity, string>
 */
import type { Severity } from '../engine/findings';
import { html, type SafeHtml } from './html-escape';
import { SEVERITIES_DESCENDING, type RiskRating } from './risk-score';

export const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = {
  critical: '#991b1b',
  high: '#dc2626',
  medium: '#d97706',
  low: '#2563eb',
  info: '#64748b',
};

export const RATING_COLOURS: Readonly<Record<RiskRating, string>> = {
  none: '#15803d',
  low: '#2563eb',
  moderate: '#d97706',
  high: '#dc2626',
  critical: '#991b1b',
};

const SEVERITY_LABELS: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

function fixed(n: number): string {
  return (Math.round(n * 100) / 100).toString();
}

/** A half-circle gauge, 0 on the left, 100 on the right. */
export function riskGauge(score: number, rating: RiskRating): SafeHtml {
  const cx = 100;
  const cy = 100;
  const r = 80;
  const clamped = Math.max(0, Math.min(100, score));
  const angle = Math.PI * (1 - clamped / 100);
  const x = cx + r * Math.cos(angle);
  const y = cy - r * Math.sin(angle);
  const track = `M ${cx - r} ${cy} A ${r} ${r} 0 0 1 ${cx + r} ${cy}`;
  const value = `M ${cx - r} ${cy} A ${r} ${r} 0 0 1 ${fixed(x)} ${fixed(y)}`;
  return html`<svg class="gauge" viewBox="0 0 200 120" role="img" aria-label="Risk score ${clamped} of 100, rating ${rating}">
  <title>Risk score ${clamped} of 100 (${rating})</title>
  <path d="${track}" fill="none" stroke="#e2e8f0" stroke-width="18" stroke-linecap="round"/>
  ${clamped > 0 ? html`<path d="${value}" fill="none" stroke="${RATING_COLOURS[rating]}" stroke-width="18" stroke-linecap="round"/>` : ''}
  <text x="100" y="92" text-anchor="middle" font-size="38" font-weight="700" fill="#0f172a">${clamped}</text>
  <text x="100" y="114" text-anchor="middle" font-size="13" fill="#475569">of 100</text>
</svg>`;
}

export function severityBars(counts: Record<Severity, number>): SafeHtml {
  const max = Math.max(1, ...SEVERITIES_DESCENDING.map((s) => counts[s]));
  const rowH = 30;
  const labelW = 78;
  const barW = 250;
  const height = SEVERITIES_DESCENDING.length * rowH + 6;
  const rows = SEVERITIES_DESCENDING.map((s, i) => {
    const y = i * rowH + 6;
    const w = counts[s] === 0 ? 0 : Math.max(3, (counts[s] / max) * barW);
    return html`<g>
    <text x="0" y="${y + 15}" font-size="13" fill="#334155">${SEVERITY_LABELS[s]}</text>
    <rect x="${labelW}" y="${y + 2}" width="${barW}" height="18" rx="3" fill="#f1f5f9"/>
    ${w > 0 ? html`<rect x="${labelW}" y="${y + 2}" width="${fixed(w)}" height="18" rx="3" fill="${SEVERITY_COLOURS[s]}"/>` : ''}
    <text x="${labelW + barW + 8}" y="${y + 15}" font-size="13" font-weight="600" fill="#0f172a">${counts[s]}</text>
  </g>`;
  });
  return html`<svg class="chart" viewBox="0 0 370 ${height}" role="img" aria-label="Open findings by severity">
  <title>Open findings by severity</title>
  ${rows}
</svg>`;
}

export interface CategoryRow {
  id: string;
  name: string;
  counts: Record<Severity, number>;
}

export function categoryBars(rows: readonly CategoryRow[], title: string): SafeHtml {
  const totals = rows.map((r) => SEVERITIES_DESCENDING.reduce((sum, s) => sum + r.counts[s], 0));
  const max = Math.max(1, ...totals);
  const rowH = 26;
  const labelW = 280;
  const barW = 560;
  const legendH = 26;
  const height = rows.length * rowH + legendH + 6;
  const bars = rows.map((row, i) => {
    const y = i * rowH + 4;
    let x = labelW;
    const segments = SEVERITIES_DESCENDING.filter((s) => row.counts[s] > 0).map((s) => {
      const w = (row.counts[s] / max) * barW;
      const seg = html`<rect x="${fixed(x)}" y="${y + 3}" width="${fixed(Math.max(2, w))}" height="16" fill="${SEVERITY_COLOURS[s]}"><title>${row.id}: ${row.counts[s]} ${s}</title></rect>`;
      x += w;
      return seg;
    });
    return html`<g>
    <text x="0" y="${y + 15}" font-size="12" fill="${totals[i] > 0 ? '#0f172a' : '#94a3b8'}"><tspan font-weight="600">${row.id.split(':')[0]}</tspan> ${row.name}</text>
    <rect x="${labelW}" y="${y + 3}" width="${barW}" height="16" rx="2" fill="#f1f5f9"/>
    ${segments}
    <text x="${labelW + barW + 8}" y="${y + 15}" font-size="12" font-weight="600" fill="${totals[i] > 0 ? '#0f172a' : '#94a3b8'}">${totals[i]}</text>
  </g>`;
  });
  const legendY = rows.length * rowH + 14;
  const legend = SEVERITIES_DESCENDING.map((s, i) => {
    const lx = labelW + i * 70;
    return html`<rect x="${lx}" y="${legendY}" width="10" height="10" rx="2" fill="${SEVERITY_COLOURS[s]}"/><text x="${lx + 14}" y="${legendY + 9}" font-size="11" fill="#475569">${SEVERITY_LABELS[s]}</text>`;
  });
  return html`<svg class="chart wide" viewBox="0 0 ${labelW + barW + 40} ${height}" role="img" aria-label="${title}">
  <title>${title}</title>
  ${bars}
  ${legend}
</svg>`;
}
