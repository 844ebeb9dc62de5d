/**
 * The time box behind the static regular-expression check (safe-regex.ts). No static check
 * catches every expression that backtracks badly, so an expression that passes it is also run,
 * once, on inputs built from its own characters (long runs of what it repeats, with and without
 * a character that makes the match fail), inside a `vm` context with a timeout. An expression
 * that takes longer than PROBE_TIMEOUT_MS on one of them is refused. The margin is wide on
 * purpose, so the verdict does not depend on the machine's load: a quadratic expression takes
 * a few milliseconds on these inputs, a cubic or exponential one seconds to forever. At run time
 * rule expressions only see inputs up to MAX_REGEX_INPUT characters, the length probed here.
 */
import * as vm from 'node:vm';

/** Longest text a rule's regular expression is ever applied to; longer texts do not match. */
export const MAX_REGEX_INPUT = 4096;
/** Time allowed for one probe input. */
export const PROBE_TIMEOUT_MS = 300;
/** Probing stops after this long: what is left is at worst quadratic, bounded by the input cap. */
const PROBE_TOTAL_MS = 1500;

const verdicts = new Map<string, string | undefined>();
let context: vm.Context | undefined;

/** A description of the problem, or undefined when the expression ran quickly on every probe. */
export function probeRegex(source: string): string | undefined {
  if (verdicts.has(source)) return verdicts.get(source);
  context ??= vm.createContext({});
  context.re = new RegExp(source);
  const inputs = probeInputs(source);
  let verdict: string | undefined;
  // Fast path, the usual case: all inputs in one call.
  context.inputs = inputs;
  try {
    vm.runInContext('for (const s of inputs) re.test(s)', context, { timeout: PROBE_TIMEOUT_MS });
    context.re = context.inputs = undefined;
    verdicts.set(source, undefined);
    return undefined;
  } catch {
    // Slow in total: find out whether one input alone is too slow.
  }
  const started = performance.now();
  for (const input of inputs) {
    if (performance.now() - started > PROBE_TOTAL_MS) break;
    context.s = input;
    try {
      vm.runInContext('re.test(s)', context, { timeout: PROBE_TIMEOUT_MS });
    } catch {
      const shown = JSON.stringify(input.length > 24 ? `${input.slice(0, 12)}...${input.slice(-4)}` : input);
      verdict = `matching a ${input.length}-character input made of its own characters (${shown}) took longer than ${PROBE_TIMEOUT_MS} ms: it backtracks catastrophically; anchor it with ^ and avoid repeating overlapping patterns such as (a|ab)*, .*.* or \\w*\\w*`;
      break;
    }
  }
  context.re = context.s = context.inputs = undefined;
  verdicts.set(source, verdict);
  return verdict;
}

/** Characters standing for the escapes and classes an expression may repeat. */
const CLASS_SAMPLES: Record<string, string> = { w: 'a', d: '1', s: ' ', W: '-', D: 'a', S: 'a', b: 'a', B: 'a' };

export function probeInputs(source: string): string[] {
  const samples = new Set<string>(['a', ' ']);
  let prefix = '';
  let inPrefix = source.startsWith('^');
  for (let i = inPrefix ? 1 : 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\' && i + 1 < source.length) {
      const e = source[++i];
      const sample = CLASS_SAMPLES[e] ?? (/[a-zA-Z0-9]/.test(e) ? undefined : e);
      if (sample) samples.add(sample);
      if (inPrefix && sample && !CLASS_SAMPLES[e]) prefix += e;
      else inPrefix = false;
      continue;
    }
    if (/[.*+?()[\]{}|$^]/.test(c)) {
      inPrefix = false;
      if (c === '.') samples.add('a');
      if (c === '[' && i + 1 < source.length && source[i + 1] !== '^' && source[i + 1] !== '\\') samples.add(source[i + 1]);
      continue;
    }
    samples.add(c);
    if (inPrefix) prefix += c;
  }
  const chars = [...samples].slice(0, 12);
  const pumps = [...chars, ...chars.slice(0, 4).flatMap((a) => chars.slice(0, 4).filter((b) => b !== a).map((b) => a + b))];
  const out: string[] = [];
  for (const pump of pumps) {
    const body = pump.repeat(Math.ceil((MAX_REGEX_INPUT - prefix.length - 1) / pump.length)).slice(0, MAX_REGEX_INPUT - prefix.length - 1);
    for (const tail of ['!', '\n', '\u0000']) out.push(prefix + body + tail);
  }
  return out;
}
