// Smoke run of the performance benchmark (npm run bench -- --smoke), so the harness cannot rot:
// it must run on a generated corpus, time every available tool, and print the goal's figures.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const hasLlmsecCli = existsSync(join(root, 'out', 'cli.js'));
const hasBandit = spawnSync('sh', ['-c', 'command -v bandit']).status === 0;

interface Measurement {
  tool: string;
  role: string;
  wallSeconds?: { median: number; min: number; max: number };
  peakRssMb?: number;
  warmup?: { findings?: number };
}
interface ScanResultFile {
  measurements: Measurement[];
  figures: { llmsecOverAstGrep: { value?: number }; banditOverLlmsec: { value?: number } };
}

/** The numeric cells of the markdown table row for `tool` on `corpus`. */
function tableRow(output: string, tool: string, corpus: string): string[] {
  const line = output.split('\n').find((l) => l.startsWith(`| ${tool} | ${corpus} |`));
  assert.ok(line, `no table row for ${tool} on ${corpus}`);
  return line.split('|').slice(1, -1).map((c) => c.trim());
}

function assertPositive(value: number | undefined, what: string): void {
  assert.ok(typeof value === 'number' && Number.isFinite(value) && value > 0, `${what} should be a finite positive number, got ${value}`);
}

describe('benchmark smoke run', function () {
  this.timeout(120_000);
  let output = '';
  let result: ScanResultFile;

  before(function () {
    const run = spawnSync(process.execPath, ['scripts/bench/run-all.mjs', '--smoke'], { cwd: root, encoding: 'utf8', timeout: 110_000 });
    output = run.stdout;
    assert.equal(run.status, 0, `bench --smoke failed:\n${run.stdout}\n${run.stderr}`);
    const resultLine = /^Result: (.*scan-.*\.json)$/m.exec(output);
    assert.ok(resultLine, 'the scan result path is printed');
    result = JSON.parse(readFileSync(resultLine[1], 'utf8')) as ScanResultFile;
  });

  it('times ast-grep on the whole corpus with finite positive figures and real matches', () => {
    const [, , files, , runs, median, min, max, , cpu, rss, findings] = tableRow(output, 'ast-grep', 'whole corpus');
    assert.equal(Number(files), 6);
    assert.equal(Number(runs), 1);
    for (const [cell, name] of [[median, 'median'], [min, 'min'], [max, 'max'], [cpu, 'CPU'], [rss, 'peak RSS'], [findings, 'findings']]) {
      assertPositive(Number(cell), `ast-grep ${name}`);
    }
  });

  it('prints every ratio line, numeric when both tools ran and with a reason otherwise', () => {
    const astGrep = /^ratio llmsec\/ast-grep \(whole corpus, wall\): (.*)$/m.exec(output);
    const bandit = /^ratio bandit\/llmsec \(Python part, wall\): (.*)$/m.exec(output);
    const rss = /^llmsec peak RSS \(whole corpus\): (.*)$/m.exec(output);
    assert.ok(astGrep && bandit && rss, 'ratio and memory lines are present');
    if (hasLlmsecCli) {
      assertPositive(Number(/^[\d.]+/.exec(astGrep[1])?.[0]), 'llmsec/ast-grep ratio');
      assertPositive(Number(/^([\d.]+) MB/.exec(rss[1])?.[1]), 'llmsec peak RSS');
      assert.match(output, /^scaling llmsec: 1x [\d.]+ s .*, 2x [\d.]+ s .*, 4x [\d.]+ s .*; linear: (PASS|FAIL)$/m);
    } else {
      assert.match(astGrep[1], /^n\/a \(llmsec: .*does not exist/);
    }
    if (hasLlmsecCli && hasBandit) assertPositive(Number(/^[\d.]+/.exec(bandit[1])?.[0]), 'bandit/llmsec ratio');
    else assert.match(bandit[1], /^n\/a \(/);
  });

  it('derives the ratios from the medians it measured', () => {
    const median = (tool: string, role: string) => result.measurements.find((m) => m.tool === tool && m.role === role)?.wallSeconds?.median;
    for (const m of result.measurements) {
      assertPositive(m.wallSeconds?.median, `${m.tool} ${m.role} median`);
      assertPositive(m.peakRssMb, `${m.tool} ${m.role} peak RSS`);
    }
    if (hasLlmsecCli) {
      const expected = median('llmsec', 'whole')! / median('ast-grep', 'whole')!;
      assert.ok(Math.abs(result.figures.llmsecOverAstGrep.value! - expected) < 1e-9);
      // The 2x and 4x corpora are real copies: llmsec finds twice and four times as much.
      const findings = (role: string) => result.measurements.find((m) => m.tool === 'llmsec' && m.role === role)?.warmup?.findings;
      assert.equal(findings('scale-2'), 2 * findings('whole')!);
      assert.equal(findings('scale-4'), 4 * findings('whole')!);
    }
  });

  it('prints edit latency percentiles for the parser floor and says whether the engine API exists', () => {
    for (const sequence of ['statements', 'typing']) {
      for (const language of ['python', 'typescript']) {
        const cells = tableRow(output, 'parser only, incremental (floor)', `${sequence} | ${language}`);
        const [, , , lines, edits, initial, p50, p90, p95, p99, max] = cells;
        assert.ok(Number(lines) >= 300);
        assert.equal(Number(edits), 20);
        for (const v of [initial, p50, p90, p95, p99, max]) assertPositive(Number(v), `${language} edit latency`);
        assert.ok(Number(p50) <= Number(p90) && Number(p90) <= Number(p95) && Number(p95) <= Number(p99) && Number(p99) <= Number(max), 'percentiles are ordered');
      }
    }
    if (hasLlmsecCli) {
      for (const analyser of ['llmsec', 'llmsec via worker thread']) {
        const [, , , , edits, , p50] = tableRow(output, analyser, 'typing | typescript');
        assert.equal(Number(edits), 20);
        assertPositive(Number(p50), `${analyser} p50`);
      }
    } else {
      assert.match(output, /^edit latency llmsec: n\/a \(/m);
    }
  });

  it('summarises a real CPU profile: by file, by function, and the inclusive time of named functions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmsec-profile-'));
    try {
      const script = join(dir, 'busy.js');
      writeFileSync(script, 'function spin(ms) { const end = Date.now() + ms; let x = 0; while (Date.now() < end) x += Math.sqrt(x + 1); return x; }\nfunction outer() { return spin(300); }\nouter();\n');
      const profiled = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, script], { encoding: 'utf8' });
      assert.equal(profiled.status, 0, profiled.stderr);
      const profile = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      assert.ok(profile, 'node wrote no profile');
      const summary = spawnSync(process.execPath, [join(root, 'scripts', 'bench', 'profile-summary.mjs'), join(dir, profile), '--inclusive', 'outer,absent'], { encoding: 'utf8' });
      assert.equal(summary.status, 0, summary.stderr);
      assert.match(summary.stdout, /By file \(self time\):\n.*busy\.js/);
      const ms = (name: string): number => Number(new RegExp(`([\\d.]+) ms +[\\d.]+%  ${name}\\n`).exec(summary.stdout)?.[1]);
      assert.ok(ms('outer') >= 200, summary.stdout);
      assert.equal(ms('absent'), 0, summary.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts the findings that survive syntax errors (npm run bench:broken), in both tables', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join('scripts', 'bench-broken-code.ts'), '--cases', '6', '--typing', '4'], { cwd: root, encoding: 'utf8', timeout: 100_000 });
    assert.equal(run.status, 0, run.stderr);
    for (const language of ['python', 'typescript']) {
      const all = tableRow(run.stdout, language, 'all');
      assert.equal(all[2], '6');
      assert.match(all[5], /^\*\*\d+\*\*$/);
      const typing = run.stdout.split('\n').find((l) => new RegExp(`^\\| ${language} \\| \\d+ \\| \\d+ of 4 \\|`).test(l));
      assert.ok(typing, `no typing row for ${language}:\n${run.stdout}`);
    }
  });

  it('generates sparse LLM-app files on request, and the default files as before', async () => {
    const { generateLlmApp } = await import('../scripts/bench/lib/llm-app-code.mjs');
    const dense: string = generateLlmApp('python', 2000, 7);
    const sparse: string = generateLlmApp('python', 2000, 7, { plainShare: 0.95 });
    assert.equal(generateLlmApp('python', 2000, 7, { plainShare: 0 }), dense);
    const sinks = (text: string): number => (text.match(/subprocess\.run|cursor\.execute|render_template_string\(|eval\(/g) ?? []).length;
    assert.ok(sinks(sparse) * 5 < sinks(dense), `${sinks(sparse)} sinks in the sparse file, ${sinks(dense)} in the dense one`);
    assert.ok(sparse.split('\n').length >= 2000);
  });

  it('keeps the ast-grep rule files in step with their generators', () => {
    for (const generator of ['ast-grep-rules.mjs', 'ast-grep-equivalent-rules.mjs']) {
      const check = spawnSync(process.execPath, [join('scripts', 'bench', generator), '--check'], { cwd: root, encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
    }
  });

  it("ast-grep's equivalent rule set matches the sinks and LLM calls of llmsec's own fixtures", () => {
    const astGrep = join(root, 'node_modules', '.bin', 'ast-grep');
    const config = join(root, 'bench', 'ast-grep', 'equivalent', 'sgconfig.yml');
    const fixtures = ['llm-output-sql-injection.py', 'llm-output-shell-command.ts', 'llm-output-html-injection.tsx'].map((f) => join(root, 'rules', 'output-handling', f));
    const run = spawnSync(astGrep, ['scan', '-c', config, '--json=compact', ...fixtures], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.status, 0, run.stderr);
    const matches = JSON.parse(run.stdout) as { ruleId: string; file: string; text: string }[];
    const rulesIn = (file: string) => new Set(matches.filter((m) => m.file.endsWith(file)).map((m) => m.ruleId));
    assert.ok(rulesIn('llm-output-sql-injection.py').has('py-llm-output-sql-injection-method'), 'cursor.execute(...)');
    assert.ok(rulesIn('llm-output-sql-injection.py').has('py-llm-call-site'), 'client.chat.completions.create(...)');
    assert.ok(rulesIn('llm-output-shell-command.ts').has('ts-llm-output-shell-command-call'), 'exec / execSync(...)');
    assert.ok([...rulesIn('llm-output-html-injection.tsx')].some((id) => id.startsWith('tsx-llm-output-html-injection')), 'dangerouslySetInnerHTML / innerHTML');
  });
});
