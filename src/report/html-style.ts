/**
 * The HTML report's one stylesheet, inlined in a <style> element whose SHA-256 the page's CSP
 * allows. System fonts only (no web fonts: the page makes no requests). Prints cleanly.
 *
 *   REPORT_CSS: string
 */

export const REPORT_CSS = `
:root {
  --ink: #0f172a; --ink-2: #334155; --muted: #64748b; --line: #e2e8f0; --panel: #ffffff; --bg: #f8fafc;
  --accent: #1e3a8a; --critical: #991b1b; --high: #dc2626; --medium: #d97706; --low: #2563eb; --info: #64748b;
  --code-bg: #0f172a; --code-ink: #e2e8f0; --code-hl: #1e293b; --code-mark: #f59e0b;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
header.top { background: linear-gradient(120deg, #0f172a 0%, #1e3a8a 100%); color: #f8fafc; padding: 28px 40px 24px; }
.inner { max-width: 1100px; margin: 0 auto; }
header.top .brand { font-size: 12px; letter-spacing: .12em; text-transform: uppercase; color: #93c5fd; font-weight: 600; }
header.top h1 { margin: 4px 0 8px; font-size: 26px; font-weight: 700; }
header.top .meta { display: flex; flex-wrap: wrap; gap: 6px 24px; color: #cbd5e1; font-size: 13px; }
header.top .meta b { color: #f8fafc; font-weight: 600; }
nav.toc { background: var(--panel); border-bottom: 1px solid var(--line); padding: 10px 40px; font-size: 13px; position: sticky; top: 0; z-index: 2; }
nav.toc .inner { display: flex; flex-wrap: wrap; gap: 6px 20px; }
main { max-width: 1180px; margin: 0 auto; padding: 8px 40px 48px; }
section { margin-top: 28px; }
h2 { font-size: 18px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 8px; }
h3.spaced { margin-top: 20px; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.grid { display: grid; gap: 16px; }
.grid.summary { grid-template-columns: 280px 1fr 1fr; }
.grid.two { grid-template-columns: 1fr 1.4fr; }
@media (max-width: 980px) { .grid.summary, .grid.two { grid-template-columns: 1fr; } main, header.top, nav.toc { padding-left: 18px; padding-right: 18px; } }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; box-shadow: 0 1px 2px rgba(15, 23, 42, .04); }
.card h3 { color: var(--ink-2); font-size: 13px; text-transform: uppercase; letter-spacing: .06em; }
.score { text-align: center; }
.gauge { width: 100%; max-width: 230px; display: block; margin: 0 auto; }
.chart { width: 100%; height: auto; display: block; }
.chart.wide { max-width: 900px; }
.rating { display: inline-block; margin-top: 4px; padding: 2px 12px; border-radius: 999px; font-weight: 700; font-size: 12px; text-transform: uppercase; letter-spacing: .08em; color: #fff; }
.rating-none { background: #15803d; } .rating-low { background: var(--low); } .rating-moderate { background: var(--medium); } .rating-high { background: var(--high); } .rating-critical { background: var(--critical); }
.stats { display: grid; grid-template-columns: repeat(2, 1fr); gap: 10px 16px; margin: 0; }
.stats div { border-left: 3px solid var(--line); padding-left: 10px; }
.stats dt { font-size: 12px; color: var(--muted); }
.stats dd { margin: 0; font-size: 22px; font-weight: 700; }
.card.explain { margin-top: 16px; font-size: 12.5px; color: var(--ink-2); }
table { width: 100%; border-collapse: collapse; background: var(--panel); font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line); }
th { background: #f1f5f9; color: var(--ink-2); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
tr.zero td { color: var(--muted); }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table-wrap { border: 1px solid var(--line); border-radius: 10px; overflow: hidden; overflow-x: auto; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; color: #fff; white-space: nowrap; }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); } .sev-medium { background: var(--medium); } .sev-low { background: var(--low); } .sev-info { background: var(--info); }
.tag { display: inline-block; margin: 2px 4px 2px 0; padding: 1px 7px; border: 1px solid var(--line); border-radius: 4px; font-size: 11.5px; background: #f8fafc; color: var(--ink-2); white-space: nowrap; }
.tag.owasp { border-color: #bfdbfe; background: #eff6ff; } .tag.iso { border-color: #bbf7d0; background: #f0fdf4; } .tag.cwe { border-color: #fde68a; background: #fffbeb; } .tag.atlas { border-color: #e9d5ff; background: #faf5ff; }
.accepted-list { margin: 4px 0 0; padding-left: 16px; }
.accepted-list li { margin-bottom: 4px; }
.finding { background: var(--panel); border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: 8px; margin-bottom: 14px; }
.finding.sev-b-critical { border-left-color: var(--critical); } .finding.sev-b-high { border-left-color: var(--high); } .finding.sev-b-medium { border-left-color: var(--medium); } .finding.sev-b-low { border-left-color: var(--low); }
.finding > summary { list-style: none; cursor: pointer; padding: 12px 16px; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; }
.finding > summary::-webkit-details-marker { display: none; }
.finding > summary .title { font-weight: 700; font-size: 14.5px; }
.finding > summary .where { margin-left: auto; color: var(--muted); font-size: 12.5px; overflow-wrap: anywhere; }
.finding .body { padding: 0 16px 14px; }
.finding .message { margin: 0 0 10px; overflow-wrap: anywhere; }
.finding h4 { margin: 14px 0 6px; font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--ink-2); }
pre.code { margin: 0; background: var(--code-bg); color: var(--code-ink); border-radius: 6px; padding: 8px 0; overflow-x: auto; line-height: 1.55; }
pre.code span.ln { display: block; padding: 0 12px 0 0; white-space: pre; }
pre.code span.ln.hl { background: var(--code-hl); box-shadow: inset 3px 0 0 var(--code-mark); }
pre.code span.no { display: inline-block; width: 52px; padding-right: 12px; text-align: right; color: #64748b; user-select: none; }
ol.flow { list-style: none; margin: 0; padding: 0; counter-reset: step; }
ol.flow li { position: relative; padding: 0 0 12px 34px; }
ol.flow li::before { counter-increment: step; content: counter(step); position: absolute; left: 0; top: 0; width: 22px; height: 22px; border-radius: 50%; background: #e2e8f0; color: var(--ink); font-size: 12px; font-weight: 700; text-align: center; line-height: 22px; }
ol.flow li.kind-source::before { background: #1d4ed8; color: #fff; } ol.flow li.kind-sink::before { background: var(--high); color: #fff; }
ol.flow li:not(:last-child)::after { content: ""; position: absolute; left: 10px; top: 24px; bottom: 2px; width: 2px; background: #cbd5e1; }
ol.flow .step-kind { font-size: 11px; font-weight: 700; text-transform: uppercase; color: var(--muted); margin-right: 6px; }
ol.flow code.line { display: block; margin-top: 3px; padding: 3px 8px; background: #f1f5f9; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
.fix { background: #f0fdf4; border: 1px solid #bbf7d0; border-radius: 6px; padding: 8px 12px; }
.fix ul { margin: 6px 0 0; padding-left: 18px; }
.fix code, .finding p code { background: rgba(15, 23, 42, .06); border-radius: 3px; padding: 0 3px; }
.note-box { background: #fffbeb; border: 1px solid #fde68a; border-radius: 6px; padding: 8px 12px; }
.empty { padding: 16px; text-align: center; color: var(--muted); background: var(--panel); border: 1px dashed var(--line); border-radius: 8px; }
footer { max-width: 1180px; margin: 0 auto; padding: 0 40px 40px; color: var(--muted); font-size: 12px; }
.wrap { overflow-wrap: anywhere; }
td.wrap, td .wrap { overflow-wrap: break-word; }
.nowrap { white-space: nowrap; }
@media print {
  body { background: #fff; font-size: 11.5px; }
  nav.toc { display: none; }
  header.top { background: #fff; color: var(--ink); border-bottom: 2px solid var(--ink); padding: 0 0 12px; }
  header.top .brand, header.top .meta, header.top .meta b { color: var(--ink); }
  main { padding: 0; max-width: none; }
  .card, .finding, .table-wrap { box-shadow: none; break-inside: avoid; }
  pre.code { background: #f8fafc; color: var(--ink); border: 1px solid var(--line); }
  pre.code span.ln.hl { background: #fef3c7; }
}
`;
