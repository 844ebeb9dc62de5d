/**
 * prompt-injection-user-input / prompt-injection-system-prompt: route the untrusted value through
 * a validation function written into the file (once, after the imports): `validate_prompt_input`
 * (Python) / `validatePromptInput` (JS, TS). It rejects non-strings, over-long text and control
 * characters; its full-match check is a validation guard the engine recognises, so the flow ends
 * there. Text in the system position should also move to the user turn, which no edit can do:
 * the title says so.
 */
import type { Expr, FuncStmt, ModuleIR } from '../ir';
import type { Fix, TextEdit } from '../findings';
import type { FixContext } from './index';
import { placeOf, type Place } from './ir-index';
import { importAnchor, pythonImportEdits } from './imports';
import { blankLinesAfter, insertAt, replaceSpan, sliceOf } from './edits';
import { segmentsOf } from './string-parts';

export const PYTHON_VALIDATOR = 'validate_prompt_input';
export const JS_VALIDATOR = 'validatePromptInput';

/** Arguments and properties that hold whole message lists, not text. */
const MESSAGE_LISTS = new Set(['messages', 'chat_history', 'chatHistory', 'history', 'input_ids']);
/** Variable names that hold message lists rather than text. */
const LIST_NAMES = /(messages|history|contents|parts|turns|conversation|msgs)$/i;
/** Keys whose value is prompt text inside message objects, configs and request bodies. */
const TEXT_KEYS = new Set(['content', 'text', 'prompt', 'system', 'system_instruction', 'systemInstruction', 'instructions', 'preamble', 'message', 'input', 'inputText', 'query', 'question']);
/** Keys whose value holds further messages or parts. */
const CONTAINER_KEYS = new Set(['messages', 'contents', 'parts', 'body', 'config']);

export function promptValidate(ctx: FixContext): Fix[] {
  const span = { start: ctx.finding.location.startOffset, end: ctx.finding.location.endOffset };
  const located = placeOf(ctx.module, span);
  if (!located || !wrappable(located.place, located.expr)) return [];
  const fn = ctx.language === 'python' ? PYTHON_VALIDATOR : JS_VALIDATOR;
  const targets = targetsOf(located.expr, ctx, 0);
  if (!targets.length) return [];
  const edits: TextEdit[] = targets.map((e) => wrapEdit(ctx, e, located.place, fn));
  edits.push(...helperEdits(ctx));
  const title =
    ctx.finding.ruleId === 'prompt-injection-system-prompt'
      ? `Validate the input with ${fn}() (it should also be moved out of the system prompt into the user turn)`
      : `Validate the input with ${fn}() before it reaches the prompt`;
  return [{ title, edits, isPreferred: true }];
}

function wrappable(place: Place, e: Expr): boolean {
  const isText = e.k === 'str' || (e.k === 'op' && e.op === '+');
  if ((e.k === 'name' && LIST_NAMES.test(e.name)) || (e.k === 'attr' && LIST_NAMES.test(e.name))) return false;
  // A value in a call, an object, a tuple or an assignment; not the receiver of a method call.
  if (place.k === 'other' && place.parent.k !== 'seq') return false;
  if (place.k === 'arg') {
    const arg = place.call.args[place.index];
    if (arg.kind === 'star' || arg.kind === 'starstar') return false;
    if (arg.kind === 'kw' && arg.name && MESSAGE_LISTS.has(arg.name) && !isText && e.k !== 'seq') return false;
  }
  if (place.k === 'entry') {
    if (place.entry.spread) return false;
    if (place.entry.key && MESSAGE_LISTS.has(place.entry.key) && !isText && e.k !== 'seq') return false;
  }
  return true;
}

/** The expressions to wrap: the untrusted parts of a built string, the text slots of message objects, or the value itself. */
function targetsOf(e: Expr, ctx: FixContext, depth: number): Expr[] {
  if (depth > 6 || isConstant(e)) return [];
  switch (e.k) {
    case 'str':
    case 'op': {
      if (e.k === 'op' && e.op !== '+') return [e];
      const built = segmentsOf(ctx.text, e, ctx.language);
      if (built) return built.segments.flatMap((s) => (s.k === 'expr' && !isConstant(s.expr) ? [s.expr] : []));
      return e.k === 'str' ? e.parts.filter((p) => !isConstant(p)) : [e];
    }
    case 'call': {
      const callee = sliceOf(ctx.text, e.callee.span);
      const last = callee.split('.').pop() ?? '';
      const structured = e.isNew || /^[A-Z]/.test(last) || /^(json\.dumps|JSON\.stringify)$/.test(callee);
      if (!structured || /^(str|String)$/.test(callee)) return [e];
      const out: Expr[] = [];
      for (const a of e.args) {
        if (a.kind === 'kw' && a.name && TEXT_KEYS.has(a.name)) out.push(...targetsOf(a.value, ctx, depth + 1));
        else if (a.kind === 'kw' && a.name && CONTAINER_KEYS.has(a.name)) out.push(...structuredTargets(a.value, ctx, depth + 1));
        else if (a.kind === 'pos') out.push(...(a.value.k === 'dict' || a.value.k === 'seq' ? structuredTargets(a.value, ctx, depth + 1) : e.isNew || /Message$/.test(last) ? targetsOf(a.value, ctx, depth + 1) : []));
      }
      return out;
    }
    case 'dict':
    case 'seq':
      return structuredTargets(e, ctx, depth);
    case 'func':
    case 'jsx':
    case 'lit':
    case 'comp':
      return [];
    default:
      return [e];
  }
}

function structuredTargets(e: Expr, ctx: FixContext, depth: number): Expr[] {
  if (depth > 6) return [];
  if (e.k === 'seq') return e.items.flatMap((i) => (i.k === 'dict' || i.k === 'seq' ? structuredTargets(i, ctx, depth + 1) : []));
  if (e.k !== 'dict') return [];
  const out: Expr[] = [];
  for (const entry of e.entries) {
    if (!entry.key || entry.spread) continue;
    if (TEXT_KEYS.has(entry.key)) out.push(...targetsOf(entry.value, ctx, depth + 1));
    else if (CONTAINER_KEYS.has(entry.key)) out.push(...structuredTargets(entry.value, ctx, depth + 1));
  }
  return out;
}

function isConstant(e: Expr): boolean {
  if (e.k === 'str') return e.value !== null;
  if (e.k === 'lit') return true;
  return e.k === 'name' && /^[A-Z][A-Z0-9_]*$/.test(e.name);
}

function wrapEdit(ctx: FixContext, e: Expr, place: Place, fn: string): TextEdit {
  const text = sliceOf(ctx.text, e.span);
  // `{ prompt }` shorthand: the key must stay.
  if (place.k === 'entry' && place.entry.value === e && place.entry.span.start === e.span.start && place.entry.span.end === e.span.end && place.entry.key === text) {
    return replaceSpan(e.span, `${text}: ${fn}(${text})`);
  }
  return replaceSpan(e.span, `${fn}(${text})`);
}

// ------------------------------------------------------------------ the validation function

function definesValidator(module: ModuleIR, name: string): boolean {
  return module.body.some((s): s is FuncStmt => s.k === 'func' && s.fn.name === name);
}

/** The validator after the imports (with `import re` for Python), unless the file already has one of that name. */
function helperEdits(ctx: FixContext): TextEdit[] {
  const python = ctx.language === 'python';
  if (definesValidator(ctx.module, python ? PYTHON_VALIDATOR : JS_VALIDATOR)) return [];
  const anchor = importAnchor(ctx);
  const unit = indentUnit(ctx.text, python);
  const atEofWithoutNewline = anchor === ctx.text.length && anchor > 0 && !ctx.text.endsWith('\n');
  const blank = blankLinesAfter(ctx.text, anchor);
  const edits: TextEdit[] = python ? pythonImportEdits(ctx, ['re']) : [];
  let body: string;
  let lead: string;
  let trail: string;
  if (python) {
    body = pythonValidator(unit);
    lead = anchor > 0 || edits.length ? '\n\n' : '';
    trail = anchor >= ctx.text.length ? '' : '\n'.repeat(Math.max(0, 2 - blank));
  } else {
    body = jsValidator(unit, /;\s*$/m.test(ctx.text) ? ';' : '', ctx.language !== 'javascript');
    lead = anchor > 0 ? '\n' : '';
    trail = anchor >= ctx.text.length ? '' : '\n'.repeat(Math.max(0, 1 - blank));
  }
  edits.push(insertAt(anchor, `${atEofWithoutNewline ? '\n' : ''}${lead}${body}${trail}`));
  return edits;
}

export function pythonValidator(i: string): string {
  return [
    `def ${PYTHON_VALIDATOR}(text: str, max_length: int = 2000) -> str:`,
    `${i}"""Reject prompt input that is not text, is too long or holds control characters."""`,
    `${i}if not isinstance(text, str):`,
    `${i}${i}raise ValueError("prompt input must be a string")`,
    `${i}if len(text) > max_length:`,
    `${i}${i}raise ValueError(f"prompt input is longer than {max_length} characters")`,
    `${i}if not re.fullmatch(r"[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*", text):`,
    `${i}${i}raise ValueError("prompt input contains control characters")`,
    `${i}return text`,
    '',
  ].join('\n');
}

export function jsValidator(i: string, semi: string, typed: boolean): string {
  const signature = typed ? `function ${JS_VALIDATOR}(text: unknown, maxLength = 2000): string {` : `function ${JS_VALIDATOR}(text, maxLength = 2000) {`;
  return [
    '/** Rejects prompt input that is not text, is too long or holds control characters. */',
    signature,
    `${i}if (typeof text !== 'string') throw new TypeError('prompt input must be a string')${semi}`,
    `${i}if (text.length > maxLength) throw new RangeError(\`prompt input is longer than \${maxLength} characters\`)${semi}`,
    `${i}if (!/^[\\P{Cc}\\t\\n\\r]*$/u.test(text)) throw new Error('prompt input contains control characters')${semi}`,
    `${i}return text${semi}`,
    '}',
    '',
  ].join('\n');
}

/** The file's indentation unit: the leading whitespace of its first indented line. */
function indentUnit(text: string, python: boolean): string {
  const m = /\n([ \t]+)\S/.exec(text);
  const found = m?.[1];
  if (found === '\t') return '\t';
  if (found && /^ +$/.test(found) && found.length <= 8) return found;
  return python ? '    ' : '  ';
}
