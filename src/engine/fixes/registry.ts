/** Maps rule ids to their fix generators. */
import type { Fix } from '../findings';
import type { FixContext } from './index';

type FixGenerator = (ctx: FixContext) => Fix[];

const generators: Record<string, FixGenerator> = {};

export function ruleFixes(ctx: FixContext): Fix[] {
  return generators[ctx.finding.ruleId]?.(ctx) ?? [];
}
