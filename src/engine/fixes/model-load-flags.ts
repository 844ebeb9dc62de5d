/**
 * Flags of model loading calls: `trust_remote_code=True` -> `False` (hf-trust-remote-code) and
 * `torch.load(p)` -> `torch.load(p, weights_only=True)` (unsafe-model-deserialization; pickle,
 * joblib and dill loads have no safe flag, so they get nothing).
 */
import type { Fix } from '../findings';
import type { FixContext } from './index';
import { callAt } from './ir-index';
import { appendToList, replaceSpan, sliceOf } from './edits';

export function trustRemoteCodeFalse(ctx: FixContext): Fix[] {
  const span = { start: ctx.finding.location.startOffset, end: ctx.finding.location.endOffset };
  if (sliceOf(ctx.text, span) !== 'True') return [];
  return [{ title: 'Set trust_remote_code=False: do not run code from the model repository', edits: [replaceSpan(span, 'False')], isPreferred: true }];
}

export function torchWeightsOnly(ctx: FixContext): Fix[] {
  // Taint findings (pickle of downloaded files) have a flow; the torch.load check has none.
  if (ctx.finding.flow.length) return [];
  const call = callAt(ctx.module, ctx.callSpan ?? { start: ctx.finding.location.startOffset, end: ctx.finding.location.endOffset });
  if (!call || !/(^|\.)(load|load_state_dict_from_url)$/.test(sliceOf(ctx.text, call.callee.span))) return [];
  const title = 'Load tensors only: pass weights_only=True';
  const existing = call.args.find((a) => a.kind === 'kw' && a.name === 'weights_only');
  if (existing) return [{ title, edits: [replaceSpan(existing.value.span, 'True')], isPreferred: true }];
  if (call.args.some((a) => a.kind === 'starstar')) return [];
  const open = ctx.text.indexOf('(', call.callee.span.end);
  const close = call.span.end - 1;
  if (open < 0 || ctx.text[close] !== ')') return [];
  return [{ title, edits: [appendToList(ctx.text, open, close, call.args.map((a) => a.span), 'weights_only=True')], isPreferred: true }];
}
