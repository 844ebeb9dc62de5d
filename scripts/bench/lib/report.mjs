// Markdown output of the scan benchmark: the measurements table, then one line per goal figure.
// The ratio lines always appear (with "n/a" and the reason when a tool could not be measured), so
// readers and the smoke test can rely on them.

const s = (x, digits = 2) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits));
const mb = (bytes) => (bytes / 1e6).toFixed(1);

export function measurementsTable(measurements) {
  const rows = [
    '| tool | corpus | files | MB | runs | median s | min s | max s | spread % | CPU s (median) | peak RSS MB | findings (first run) | files analysed |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const m of measurements) {
    if (!m.wallSeconds) {
      rows.push(`| ${m.tool} | ${m.label} | ${m.totals.files} | ${mb(m.totals.bytes)} | 0 | failed: ${m.failure ?? 'no samples'} | | | | | | | |`);
      continue;
    }
    const w = m.wallSeconds;
    rows.push(
      `| ${m.tool} | ${m.label} | ${m.totals.files} | ${mb(m.totals.bytes)} | ${w.n} | ${s(w.median)} | ${s(w.min)} | ${s(w.max)} | ${s(w.spreadPct, 1)} | ${s(m.cpuSeconds.median)} | ${s(m.peakRssMb, 0)} | ${m.warmup?.findings ?? 'n/a'} | ${m.warmup?.filesAnalysed ?? 'n/a'} |`,
    );
  }
  return rows.join('\n');
}

function verdict(fig) {
  return fig.pass ? 'PASS' : 'FAIL';
}

export function figureLines(figures) {
  const lines = [];
  const a = figures.llmsecOverAstGrep;
  lines.push(
    a.value === undefined
      ? `ratio llmsec/ast-grep (whole corpus, wall): n/a (${a.reason})`
      : `ratio llmsec/ast-grep (whole corpus, wall): ${s(a.value)} (target <= 1.0: ${verdict(a)}; CPU-time ratio ${s(a.cpuValue)})`,
  );
  const b = figures.banditOverLlmsec;
  lines.push(
    b.value === undefined
      ? `ratio bandit/llmsec (Python part, wall): n/a (${b.reason})`
      : `ratio bandit/llmsec (Python part, wall): ${s(b.value, 1)} (target >= 10: ${verdict(b)}; CPU-time ratio ${s(b.cpuValue, 1)})`,
  );
  const w = figures.warmCacheOverCold;
  if (w) lines.push(`llmsec with a warm result cache (every file unchanged; --cache-dir, not used for the ratios above): ${s(w.warmSeconds)} s, ${s(w.value)} of the cold scan's wall time (CPU ${s(w.cpuValue)})`);
  const r = figures.llmsecPeakRssMb;
  lines.push(r.value === undefined ? `llmsec peak RSS (whole corpus): n/a (${r.reason})` : `llmsec peak RSS (whole corpus): ${s(r.value, 0)} MB (target < 300 MB: ${verdict(r)})`);
  for (const [tool, points] of Object.entries(figures.scaling)) {
    const parts = points.map((p) => `${p.k}x ${s(p.medianSeconds)} s (x${s(p.timeRatio)}, CPU x${s(p.cpuRatio)}, ${s(p.secondsPerMb, 3)} s/MB)`);
    lines.push(`scaling ${tool}: ${parts.join(', ')}; linear: ${points.every((p) => p.linear) ? 'PASS' : 'FAIL'}`);
  }
  if (!figures.scaling.llmsec) lines.push('scaling llmsec: n/a (llmsec was not measured at 1x and a larger scale)');
  return lines;
}
