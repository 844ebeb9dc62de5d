/**
 * llm-output-code-execution: parse the output as data instead of running it. Python
 * `eval(x)` -> `ast.literal_eval(x)`, JavaScript `eval(x)` -> `JSON.parse(x)`. exec, compile,
 * `new Function`, vm and timers have no safe mechanical rewrite, so they get nothing.
 */
import type { Fix, TextEdit } from '../findings';
import type { FixContext } from './index';
import { callWithArg } from './ir-index';
import { pythonImportEdits } from './imports';
import { replaceSpan } from './edits';

export function evalToLiteral(ctx: FixContext): Fix[] {
  const at = callWithArg(ctx.module, { start: ctx.finding.location.startOffset, end: ctx.finding.location.endOffset });
  if (!at || at.index !== 0 || at.call.isNew) return [];
  const { call } = at;
  const callee = call.callee;
  const isEval = (callee.k === 'name' && callee.name === 'eval') || (callee.k === 'attr' && callee.name === 'eval' && callee.obj.k === 'name' && ['builtins', 'window', 'globalThis'].includes(callee.obj.name));
  if (!isEval || call.args[0].kind !== 'pos') return [];

  if (ctx.language === 'python') {
    const edits: TextEdit[] = [replaceSpan(callee.span, 'ast.literal_eval')];
    // literal_eval takes the text only: the globals / locals arguments go.
    if (call.args.length > 1) edits.push({ startOffset: call.args[0].span.end, endOffset: call.args[call.args.length - 1].span.end, newText: '' });
    edits.push(...pythonImportEdits(ctx, ['ast']));
    return [{ title: 'Parse the output as a Python literal with ast.literal_eval() instead of eval()', edits, isPreferred: true }];
  }
  if (call.args.length !== 1) return [];
  return [{ title: 'Parse the output as JSON with JSON.parse() instead of eval()', edits: [replaceSpan(callee.span, 'JSON.parse')], isPreferred: true }];
}
