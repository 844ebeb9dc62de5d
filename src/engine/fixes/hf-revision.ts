/**
 * hf-unpinned-model: pin the load to a commit. Adds `revision="<placeholder>"` (Python) or
 * `revision: '<placeholder>'` in the options object (transformers.js), or replaces a branch, tag
 * or short SHA already there. The placeholder is a snippet the user must fill with a full commit
 * SHA: a branch name is never written, and the rule keeps reporting until a real SHA is there.
 */
import type { CallExpr } from '../ir';
import type { Fix, TextEdit } from '../findings';
import type { FixContext } from './index';
import { callAt } from './ir-index';
import { appendToList, sliceOf, replaceSpan } from './edits';

/** Not 40 hex characters, so a file saved with it unfilled still gets the finding. */
export const REVISION_PLACEHOLDER = '${1:<full 40-character commit SHA>}';

const TITLE = 'Pin the revision to a commit: fill in the full 40-character commit SHA you reviewed';

export function pinRevision(ctx: FixContext): Fix[] {
  const call = callAt(ctx.module, ctx.callSpan ?? { start: ctx.finding.location.startOffset, end: ctx.finding.location.endOffset });
  if (!call) return [];
  const edit = ctx.language === 'python' ? pythonEdit(ctx, call) : jsEdit(ctx, call);
  return edit ? [{ title: TITLE, edits: [edit], isPreferred: true, isSnippet: true }] : [];
}

function parens(ctx: FixContext, call: CallExpr): { open: number; close: number } | undefined {
  const open = ctx.text.indexOf('(', call.callee.span.end);
  const close = call.span.end - 1;
  if (open < 0 || open >= close || ctx.text[close] !== ')') return undefined;
  return { open, close };
}

function pythonEdit(ctx: FixContext, call: CallExpr): TextEdit | undefined {
  const callee = sliceOf(ctx.text, call.callee.span);
  // LangChain's from_model_id takes the revision inside model_kwargs: not a mechanical edit.
  if (/from_model_id$/.test(callee)) return undefined;
  const revision = call.args.find((a) => a.kind === 'kw' && a.name === 'revision');
  if (revision) return replaceSpan(revision.value.span, `"${REVISION_PLACEHOLDER}"`);
  // pipeline("task") without a model loads the task's default: a revision alone cannot pin that.
  const isPipeline = /(^|\.)pipeline$/.test(callee);
  if (isPipeline && !call.args.some((a) => a.kind === 'kw' && a.name === 'model') && call.args.filter((a) => a.kind === 'pos').length < 2) return undefined;
  const p = parens(ctx, call);
  if (!p) return undefined;
  return appendToList(ctx.text, p.open, p.close, call.args.map((a) => a.span), `revision="${REVISION_PLACEHOLDER}"`);
}

function jsEdit(ctx: FixContext, call: CallExpr): TextEdit | undefined {
  const isPipeline = (call.callee.k === 'name' && call.callee.name === 'pipeline') || (call.callee.k === 'attr' && call.callee.name === 'pipeline');
  const optionsIndex = isPipeline ? 2 : 1;
  // The model must be named in the call: pipeline('task') loads a default model the options cannot pin alone.
  if (call.args.length < optionsIndex || call.args.some((a) => a.kind !== 'pos')) return undefined;
  const options = call.args[optionsIndex]?.value;
  if (options) {
    if (options.k !== 'dict') return undefined;
    const revision = options.entries.find((e) => e.key === 'revision' && !e.spread);
    if (revision) return replaceSpan(revision.value.span, `'${REVISION_PLACEHOLDER}'`);
    return appendToList(ctx.text, options.span.start, options.span.end - 1, options.entries.map((e) => e.span), `revision: '${REVISION_PLACEHOLDER}'`);
  }
  const p = parens(ctx, call);
  if (!p) return undefined;
  return appendToList(ctx.text, p.open, p.close, call.args.map((a) => a.span), `{ revision: '${REVISION_PLACEHOLDER}' }`);
}
