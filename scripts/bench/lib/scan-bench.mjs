// The scan benchmark: times llmsec, ast-grep and Bandit over the same corpus in one run, and
// derives the ratios the performance goal is stated in. Runs are interleaved (run 1 of every job,
// then run 2 of every job, ...) so that a change in machine load during the run hits all tools
// alike instead of skewing one tool's samples.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { measure } from './measure.mjs';
import { summarize } from './stats.mjs';
import { sourceTotals } from './source-files.mjs';
import { scaledCorpusDir } from './paths.mjs';

/** Builds the list of timed jobs for a corpus folder holding js/ and py/. */
export function planJobs({ corpus, tools, scales, scaleTools }) {
  const jobs = [];
  const add = (tool, label, dir, role) => jobs.push({ tool, label, dir, role });
  if (tools.astGrep) add(tools.astGrep, 'whole corpus', corpus, 'whole');
  if (tools.llmsec) add(tools.llmsec, 'whole corpus', corpus, 'whole');
  // Every file unchanged since the cache was filled (the first run fills it, untimed).
  if (tools.llmsecCache) add(tools.llmsecCache, 'whole corpus, warm cache', corpus, 'whole-warm');
  if (tools.bandit) add(tools.bandit, 'Python part', join(corpus, 'py'), 'python');
  if (tools.llmsec) add(tools.llmsec, 'Python part', join(corpus, 'py'), 'python');
  for (const k of scales.filter((s) => s !== 1)) {
    for (const name of scaleTools) {
      const tool = name === 'llmsec' ? tools.llmsec : name === 'ast-grep' ? tools.astGrep : undefined;
      if (tool) add(tool, `${k}x corpus`, scaledCorpusDir(k, corpus), `scale-${k}`);
    }
  }
  return jobs;
}

async function runOnce(job, scratchDir, index, keepOutput) {
  const outputPath = keepOutput ? join(scratchDir, `${job.tool.name}-${job.role}.out.json`) : '/dev/null';
  const stderrPath = join(scratchDir, `${job.tool.name}-${job.role}-${index}.stderr.txt`);
  const { cmd, args, writesOwnOutput } = job.tool.command(job.dir, outputPath);
  const m = await measure(cmd, args, { stdoutPath: writesOwnOutput ? '/dev/null' : outputPath, stderrPath });
  return { ...m, outputPath, stderrPath };
}

/** Summarises a run whose output was kept; returns a failure message or undefined. */
function inspect(r, m) {
  r.warmup = { wallMs: m.wallMs, exitCode: m.exitCode, ...r.job.tool.summarize(m.outputPath, m.stderrPath) };
  rmSync(m.outputPath, { force: true });
  if (r.job.tool.okExit(m.exitCode) && r.warmup.outputParsed) return undefined;
  return `exit code ${m.exitCode}${r.warmup.outputParsed ? '' : ', no parsable JSON output'}; ${r.warmup.errors.slice(0, 3).join(' | ')}`;
}

/**
 * Runs every job `warmups` times untimed, then `runs` timed times. A job of the cached llmsec
 * gets one more untimed run first, which fills its cache, so every measured run is warm. The first run of each job keeps
 * its output, which is summarised (findings, files) to show the tool did real work; with no warm-up
 * that is the first timed run. A job whose tool fails is reported and not run again.
 */
export async function runJobs(jobs, { runs, warmups = 1, scratchDir, log = () => {} }) {
  mkdirSync(scratchDir, { recursive: true });
  const results = jobs.map((job) => ({ job, samples: [], failure: undefined, warmup: undefined, totals: sourceTotals(job.dir) }));
  for (const r of results) {
    if (r.job.role === 'whole-warm') {
      log(`fill the cache  ${r.job.tool.name} on ${r.job.label}`);
      rmSync((await runOnce(r.job, scratchDir, 0, false)).stderrPath, { force: true });
    }
    for (let w = 1; w <= warmups && !r.failure; w++) {
      log(`warm-up  ${r.job.tool.name} on ${r.job.label}`);
      const m = await runOnce(r.job, scratchDir, 0, w === 1);
      if (w === 1) r.failure = inspect(r, m);
      rmSync(m.stderrPath, { force: true });
    }
  }
  for (let i = 1; i <= runs; i++) {
    for (const r of results) {
      if (r.failure) continue;
      const keep = warmups === 0 && i === 1;
      const m = await runOnce(r.job, scratchDir, i, keep);
      if (keep) r.failure = inspect(r, m);
      rmSync(m.stderrPath, { force: true });
      if (r.failure) continue;
      if (!r.job.tool.okExit(m.exitCode)) {
        r.failure = `run ${i}: exit code ${m.exitCode}`;
        continue;
      }
      r.samples.push(m);
      log(`run ${i}/${runs}  ${r.job.tool.name} on ${r.job.label}: ${(m.wallMs / 1000).toFixed(2)} s, ${m.peakRssMb.toFixed(0)} MB, load ${m.loadBefore.toFixed(2)}`);
    }
  }
  rmSync(scratchDir, { recursive: true, force: true });
  return results.map(({ job, samples, failure, warmup, totals }) => ({
    tool: job.tool.name,
    label: job.label,
    role: job.role,
    dir: job.dir,
    command: [job.tool.command(job.dir, '/dev/null').cmd, ...job.tool.command(job.dir, '/dev/null').args].join(' '),
    totals: { files: totals.files, bytes: totals.bytes, lines: totals.lines },
    warmup,
    failure,
    wallSeconds: samples.length ? summarize(samples.map((s) => s.wallMs / 1000)) : undefined,
    cpuSeconds: samples.length ? summarize(samples.map((s) => s.cpuMs / 1000)) : undefined,
    peakRssMb: samples.length ? Math.max(...samples.map((s) => s.peakRssMb)) : undefined,
    loadAverages: samples.map((s) => s.loadBefore),
    samplesWallSeconds: samples.map((s) => s.wallMs / 1000),
  }));
}

const find = (measurements, tool, role) => measurements.find((m) => m.tool === tool && m.role === role && m.wallSeconds);

/** The goal's figures: ratios against ast-grep and Bandit, llmsec's peak RSS, and the scaling. */
export function deriveFigures(measurements, { scales, unavailable }) {
  const why = (tool, role) => unavailable[tool] ?? measurements.find((m) => m.tool === tool && m.role === role)?.failure ?? 'not measured';
  const ratio = (numTool, denTool, role, target, better) => {
    const num = find(measurements, numTool, role);
    const den = find(measurements, denTool, role);
    if (!num || !den) return { value: undefined, reason: !num ? `${numTool}: ${why(numTool, role)}` : `${denTool}: ${why(denTool, role)}` };
    const value = num.wallSeconds.median / den.wallSeconds.median;
    return { value, cpuValue: num.cpuSeconds.median / den.cpuSeconds.median, target, pass: better === 'le' ? value <= target : value >= target };
  };
  const llmsecWhole = find(measurements, 'llmsec', 'whole');
  const scaling = {};
  for (const tool of ['llmsec', 'ast-grep']) {
    const base = find(measurements, tool, 'whole');
    const points = scales.map((k) => ({ k, m: k === 1 ? base : find(measurements, tool, `scale-${k}`) })).filter((p) => p.m);
    if (!base || points.length < 2) continue;
    scaling[tool] = points.map(({ k, m }) => ({
      k,
      medianSeconds: m.wallSeconds.median,
      timeRatio: m.wallSeconds.median / base.wallSeconds.median,
      // CPU time is less disturbed by other work on the machine than wall time.
      cpuRatio: m.cpuSeconds.median / base.cpuSeconds.median,
      secondsPerMb: m.wallSeconds.median / (m.totals.bytes / 1e6),
      // Linear (or better): k times the code takes at most k times as long, with 10% slack for noise.
      linear: m.wallSeconds.median / base.wallSeconds.median <= k * 1.1,
    }));
  }
  const warm = find(measurements, 'llmsec-cache', 'whole-warm');
  return {
    llmsecOverAstGrep: ratio('llmsec', 'ast-grep', 'whole', 1.0, 'le'),
    // Informational: no target, and never part of the ratios above.
    warmCacheOverCold: warm && llmsecWhole ? { value: warm.wallSeconds.median / llmsecWhole.wallSeconds.median, cpuValue: warm.cpuSeconds.median / llmsecWhole.cpuSeconds.median, warmSeconds: warm.wallSeconds.median } : undefined,
    banditOverLlmsec: ratio('bandit', 'llmsec', 'python', 10, 'ge'),
    llmsecPeakRssMb: llmsecWhole ? { value: llmsecWhole.peakRssMb, target: 300, pass: llmsecWhole.peakRssMb < 300 } : { value: undefined, reason: `llmsec: ${why('llmsec', 'whole')}` },
    scaling,
    loadAverageAtEnd: loadavg()[0],
  };
}
