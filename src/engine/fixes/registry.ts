/**
 * Maps rule ids to their fix generators. Rule files name the generator (`fixes: - kind:`); the
 * kinds here must match them (test/fixes.test.ts checks both directions).
 */
import type { Fix } from '../findings';
import type { FixContext } from './index';
import { evalToLiteral } from './code-execution';
import { shellToArgv } from './shell-command';
import { sqlParameterize } from './sql-parameterize';
import { htmlSafe } from './html-injection';
import { pinRevision } from './hf-revision';
import { torchWeightsOnly, trustRemoteCodeFalse } from './model-load-flags';
import { keyFromEnv } from './key-from-env';
import { promptValidate } from './prompt-validate';

export type FixGenerator = (ctx: FixContext) => Fix[];

/** Generators by the `kind` rule files name. */
export const generatorsByKind: Readonly<Record<string, FixGenerator>> = {
  'eval-to-literal': evalToLiteral,
  'shell-to-argv': shellToArgv,
  'sql-parameterize': sqlParameterize,
  'innerhtml-to-textcontent': htmlSafe,
  'hf-add-revision': pinRevision,
  'trust-remote-code-false': trustRemoteCodeFalse,
  'torch-weights-only': torchWeightsOnly,
  'key-from-env': keyFromEnv,
  'prompt-validate': promptValidate,
};

/** The generator kind of each rule with a quick fix, as its rule file declares it. */
export const fixKindByRule: Readonly<Record<string, string>> = {
  'llm-output-code-execution': 'eval-to-literal',
  'llm-output-shell-command': 'shell-to-argv',
  'llm-output-sql-injection': 'sql-parameterize',
  'llm-output-html-injection': 'innerhtml-to-textcontent',
  'hf-unpinned-model': 'hf-add-revision',
  'hf-trust-remote-code': 'trust-remote-code-false',
  'unsafe-model-deserialization': 'torch-weights-only',
  'hardcoded-api-key': 'key-from-env',
  'prompt-injection-user-input': 'prompt-validate',
  'prompt-injection-system-prompt': 'prompt-validate',
};

export function ruleFixes(ctx: FixContext): Fix[] {
  const kind = fixKindByRule[ctx.finding.ruleId];
  const generate = kind ? generatorsByKind[kind] : undefined;
  return generate?.(ctx) ?? [];
}
