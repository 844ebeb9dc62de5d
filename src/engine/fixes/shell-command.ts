/**
 * llm-output-shell-command: run a program with an argument list instead of a shell.
 * Python: `os.system(cmd)` -> `subprocess.run(<argv>, check=False)`, `subprocess.X(cmd, shell=True)`
 * -> `subprocess.X(<argv>)`. The argv is exact when the command is built in the call from a
 * constant program (`f"git log {x}"` -> `["git", "log", x]`), else `shlex.split(cmd)`, which
 * removes the shell but still lets the model pick the program (the title says so).
 * JavaScript: `exec` / `execSync` of a template or concatenation whose first word is constant ->
 * `execFile` / `execFileSync(<program>, [<args>])`; nothing otherwise (no mechanical split in JS).
 */
import type { CallExpr, Expr } from '../ir';
import type { Fix, TextEdit } from '../findings';
import type { FixContext } from './index';
import { callWithArg, placeOf } from './ir-index';
import { jsNamedImport, moduleOfLocal, pythonImportEdits } from './imports';
import { insertAt, removeListItem, replaceSpan, sliceOf } from './edits';
import { jsLiteral, pyLiteral, renderValue, segmentsOf, type Segment } from './string-parts';

const SUBPROCESS = new Set(['run', 'call', 'check_call', 'check_output', 'Popen']);
const CHILD_PROCESS = ['child_process', 'node:child_process'];
/** Shell syntax in the constant text: the command is more than a program and its arguments. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]{}~#!\n\r]/;

export function shellToArgv(ctx: FixContext): Fix[] {
  const at = callWithArg(ctx.module, { start: ctx.finding.location.startOffset, end: ctx.finding.location.endOffset });
  if (!at) return [];
  return ctx.language === 'python' ? pythonFix(ctx, at.call, at.index) : jsFix(ctx, at.call, at.index);
}

// ------------------------------------------------------------------ Python

function pythonCallee(ctx: FixContext, callee: Expr): { module: string; name: string } | undefined {
  if (callee.k === 'attr' && callee.obj.k === 'name') {
    const module = moduleOfLocal(ctx.module, callee.obj.name);
    return module ? { module, name: callee.name } : undefined;
  }
  if (callee.k === 'name') {
    const module = moduleOfLocal(ctx.module, callee.name);
    return module ? { module, name: callee.name } : undefined;
  }
  return undefined;
}

function pythonFix(ctx: FixContext, call: CallExpr, index: number): Fix[] {
  const target = pythonCallee(ctx, call.callee);
  if (!target) return [];
  const arg = call.args[index];
  const isCommandArg = (arg.kind === 'pos' && index === 0) || (arg.kind === 'kw' && (arg.name === 'args' || arg.name === 'command'));
  if (!isCommandArg) return [];
  const isSystem = target.module === 'os' && target.name === 'system';
  const isSubprocess = target.module === 'subprocess' && SUBPROCESS.has(target.name);
  if (!isSystem && !isSubprocess) return [];

  const shellIndex = call.args.findIndex((a) => a.kind === 'kw' && a.name === 'shell');
  const shellArg = shellIndex >= 0 ? call.args[shellIndex] : undefined;
  if (shellArg && !(shellArg.value.k === 'lit' && shellArg.value.value === true)) return [];

  const argv = pythonArgv(ctx, arg.value);
  // Without a shell, a command string that cannot be split exactly is left alone: it may already be a list.
  if (!argv || (isSubprocess && !shellArg && !argv.fixed)) return [];
  if (isSubprocess && !shellArg && arg.value.k === 'seq') return [];
  const edits: TextEdit[] = [];
  if (isSystem) {
    edits.push(replaceSpan(call.callee.span, 'subprocess.run'));
    edits.push(replaceSpan(arg.value.span, `${argv.text}, check=False`));
    // os.system returns the exit status: keep that for callers that use it.
    const place = placeOf(ctx.module, call.span);
    if (place && !(place.place.k === 'statement' && place.place.stmt.k === 'expr')) edits.push(insertAt(call.span.end, '.returncode'));
  } else {
    if (arg.value.k === 'seq') {
      // Already an argument list: dropping shell=True is the whole fix.
      if (!shellArg) return [];
    } else {
      edits.push(replaceSpan(arg.value.span, argv.text));
    }
    if (shellArg) {
      const removed = removeListItem(
        call.args.map((a) => a.span),
        shellIndex,
      );
      if (!removed) return [];
      edits.push(removed);
    }
  }
  edits.push(...pythonImportEdits(ctx, [...(isSystem ? ['subprocess'] : []), ...(argv.fixed || arg.value.k === 'seq' ? [] : ['shlex'])]));
  const head = arg.value.k === 'seq' ? arg.value.items[0] : undefined;
  const title =
    arg.value.k === 'seq'
      ? head?.k === 'str' && head.value !== null
        ? 'Remove shell=True: run the argument list without a shell'
        : 'Remove shell=True: run the argument list without a shell (the model still chooses the program: check it against an allowlist)'
      : argv.fixed
        ? `Run ${argv.program} with an argument list, without a shell`
        : 'Run without a shell, splitting the command with shlex.split() (the model still chooses the program: check it against an allowlist)';
  return [{ title, edits, isPreferred: true }];
}

function pythonArgv(ctx: FixContext, value: Expr): { text: string; fixed: boolean; program?: string } | undefined {
  if (value.k === 'seq') return { text: sliceOf(ctx.text, value.span), fixed: true };
  const built = segmentsOf(ctx.text, value, 'python');
  if (built) {
    const tokens = splitCommand(built.segments);
    if (!tokens) return undefined;
    const items = tokens.map((t) => renderValue(t, 'python', '"'));
    if (items.some((i) => i === undefined)) return undefined;
    return { text: `[${items.join(', ')}]`, fixed: true, program: pyLiteral(programOf(tokens)) };
  }
  // A command built here that cannot be split exactly (pipes, quotes) is not rewritten.
  if (isBuiltString(value)) return undefined;
  return { text: `shlex.split(${sliceOf(ctx.text, value.span)})`, fixed: false };
}

function isBuiltString(e: Expr): boolean {
  if (e.k === 'str') return e.value === null;
  if (e.k === 'op') return e.op === '+' || e.op === '%';
  return e.k === 'call' && e.callee.k === 'attr' && e.callee.name === 'format' && e.callee.obj.k === 'str';
}

// ------------------------------------------------------------------ JavaScript

function jsFix(ctx: FixContext, call: CallExpr, index: number): Fix[] {
  if (index !== 0 || call.args[0].kind !== 'pos') return [];
  const callee = call.callee;
  let method: string | undefined;
  let calleeEdit: TextEdit | undefined;
  let importEdit: TextEdit | undefined;
  if (callee.k === 'name') {
    const imported = importedName(ctx, callee.name);
    if (!imported || !CHILD_PROCESS.includes(imported.module)) return [];
    method = imported.name;
    const target = method === 'exec' ? 'execFile' : method === 'execSync' ? 'execFileSync' : undefined;
    if (!target) return [];
    const binding = jsNamedImport(ctx, [imported.module], target);
    if (!binding) return [];
    calleeEdit = replaceSpan(callee.span, binding.local);
    importEdit = binding.edit;
  } else if (callee.k === 'attr' && callee.obj.k === 'name' && CHILD_PROCESS.includes(moduleOfLocal(ctx.module, callee.obj.name) ?? '')) {
    method = callee.name;
    const target = method === 'exec' ? 'execFile' : method === 'execSync' ? 'execFileSync' : undefined;
    if (!target) return [];
    calleeEdit = replaceSpan(callee.nameSpan, target);
  } else {
    return [];
  }
  const built = segmentsOf(ctx.text, call.args[0].value, ctx.language);
  if (!built) return [];
  const tokens = splitCommand(built.segments);
  if (!tokens) return [];
  const [program, ...rest] = tokens.map((t) => renderValue(t, ctx.language, "'"));
  if (!program || rest.some((r) => r === undefined)) return [];
  const edits: TextEdit[] = [calleeEdit, replaceSpan(call.args[0].value.span, `${program}, [${rest.join(', ')}]`)];
  if (importEdit) edits.push(importEdit);
  const target = method === 'exec' ? 'execFile' : 'execFileSync';
  return [{ title: `Run ${jsLiteral(programOf(tokens))} with ${target}() and an argument list, without a shell`, edits, isPreferred: true }];
}

/** What a local name imports: `exec` from `import { exec } from 'node:child_process'` or a destructured require. */
function importedName(ctx: FixContext, local: string): { module: string; name: string } | undefined {
  for (const s of ctx.module.body) {
    if (s.k === 'import') {
      const n = s.names.find((x) => x.local === local);
      if (n && n.imported && n.imported !== 'default' && n.imported !== '*') return { module: s.module, name: n.imported };
    } else if (s.k === 'assign' && s.target.k === 'object') {
      const prop = s.target.props.find((p) => p.value.k === 'name' && p.value.name === local);
      const module = prop ? moduleOfLocal(ctx.module, local) : undefined;
      if (prop?.key && module) return { module, name: prop.key };
    }
  }
  return undefined;
}

// ------------------------------------------------------------------ splitting a command line

/**
 * Words of a command built from constant text and values, as the shell would split the constant
 * part; each value stays one argument. Undefined when the constant text uses shell syntax (pipes,
 * quotes, globs, substitutions) or the program itself is not constant.
 */
export function splitCommand(segments: Segment[]): Segment[][] | undefined {
  const tokens: Segment[][] = [];
  let current: Segment[] = [];
  const flush = (): void => {
    if (current.length) tokens.push(current);
    current = [];
  };
  for (const s of segments) {
    if (s.k === 'expr') {
      current.push(s);
      continue;
    }
    if (SHELL_SYNTAX.test(s.value)) return undefined;
    for (const piece of s.value.split(/([ \t]+)/)) {
      if (piece === '') continue;
      if (/^[ \t]+$/.test(piece)) flush();
      else current.push({ k: 'text', value: piece });
    }
  }
  flush();
  if (!tokens.length || tokens[0].some((p) => p.k !== 'text')) return undefined;
  return tokens;
}

function programOf(tokens: Segment[][]): string {
  return tokens[0].map((p) => (p.k === 'text' ? p.value : '')).join('');
}
