// Small statistics for benchmark samples: median, spread, percentiles.

/** The p-th percentile (0..100) by linear interpolation between closest ranks. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function median(values) {
  return percentile(values, 50);
}

/** Median, min and max, plus the spread (max - min) relative to the median. */
export function summarize(values) {
  const med = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { n: values.length, median: med, min, max, spreadPct: med > 0 ? ((max - min) / med) * 100 : NaN };
}
