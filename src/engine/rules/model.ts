/**
 * The rule model. Rules are data: each file in rules/ is one rule, validated with this schema.
 * The JSON Schema in rules/rule.schema.json is generated from it (`npm run schema`), so editors
 * check and complete rule files.
 */
import { z } from 'zod';

export const severitySchema = z.enum(['critical', 'high', 'medium', 'low', 'info']);
export const languageFamilySchema = z.enum(['python', 'javascript']);

const qualifiedNames = z
  .array(z.string().min(1))
  .min(1)
  .describe("Qualified names after import resolution, e.g. 'subprocess.run', 'openai.OpenAI().chat.completions.create'. '*' matches one dotted segment, '**' any number.");

const argCondition = z
  .object({
    arg: z.union([z.number().int().min(0), z.string().min(1)]).describe('Positional index or keyword / options-object property name.'),
    equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional().describe('The argument is this constant.'),
    absent: z.boolean().optional().describe('true: the argument is not given.'),
    notConstantIn: z.array(z.union([z.string(), z.boolean()])).optional().describe('The argument is missing or not one of these constants.'),
    matches: z.string().optional().describe('The argument is a constant string matching this regular expression.'),
    refIs: z.array(z.string().min(1)).optional().describe('The argument refers to one of these qualified names (`yaml.SafeLoader`).'),
  })
  .strict();

/** Where a value flows into something dangerous, or where a prompt is given to a model. */
export const sinkSchema = z
  .object({
    call: qualifiedNames.optional(),
    /** Method name on any receiver whose type is unknown: use sparingly (false alarms). */
    method: z.array(z.string().min(1)).optional().describe('Method names on a receiver of the given receiverTypes (or any receiver when omitted).'),
    receiverTypes: qualifiedNames.optional(),
    receiverNameMatches: z.string().optional().describe('With method: also match receivers whose variable name matches this regular expression (`cursor`, `db`), for receivers the engine cannot resolve.'),
    args: z.array(z.number().int().min(0)).optional().describe('Positional arguments that are sinks.'),
    kwargs: z.array(z.string().min(1)).optional().describe('Keyword arguments (Python) or properties of an options object (JS) that are sinks.'),
    optionsArg: z.number().int().min(0).optional().describe('JS: index of the options object holding the kwargs properties (default: last argument).'),
    receiver: z.boolean().optional().describe('The receiver itself is the sink (`llm_text.format_map(...)` style).'),
    property: z.array(z.string().min(1)).optional().describe('Assigning to one of these properties is a sink (`el.innerHTML = v`).'),
    jsxAttribute: z.array(z.string().min(1)).optional().describe('A JSX attribute that is a sink (`dangerouslySetInnerHTML`).'),
    when: z.array(argCondition).optional().describe('All conditions must hold for the call to be a sink.'),
    unless: z.array(argCondition).optional().describe('The call is not a sink when any of these holds.'),
    unlessArgIsFixedCommand: z.boolean().optional().describe('Not a sink when the command argument is a constant string or a list/array whose first element is a constant string.'),
    objectFields: z.array(z.string().min(1)).optional().describe('When the argument is an object literal, only these properties are the sink (`{ text, values }`: text).'),
    unlessFixedOrigin: z.boolean().optional().describe('Not a sink when the URL argument starts with a constant scheme and host (only the path or query varies).'),
    computedMemberCall: z.boolean().optional().describe('Calling a computed member `obj[x](...)` is a sink for x, unless obj is a literal dict/object (an explicit table).'),
    label: z.string().optional().describe('Words for the sink in messages, e.g. "a shell command".'),
  })
  .strict();

export const sanitizerSchema = z
  .object({
    call: qualifiedNames.optional(),
    method: z.array(z.string().min(1)).optional(),
    calleeNameMatches: z.string().optional().describe('Regular expression on the called function or method name (user-written validators).'),
  })
  .strict();

export const standardsSchema = z
  .object({
    owasp2025: z.array(z.string().regex(/^LLM(0[1-9]|10):2025$/)),
    owasp2026: z.array(z.string().regex(/^LLM(0[1-9]|10):2026$/)),
    iso42001: z.array(z.string().regex(/^A\.\d+(\.\d+){1,2}$/)).min(1),
    isoRationale: z.string().min(10),
    cwe: z.array(z.string().regex(/^CWE-\d+$/)),
    atlas: z.array(z.string().regex(/^AML\.[TM]\d{4}(\.\d{3})?$/)).default([]),
  })
  .strict();

export const taintSpecSchema = z
  .object({
    sources: z.array(z.string().min(1)).min(1).describe("Source labels from rules/catalog/sources.yaml ('untrusted-request', 'llm-output', ...)."),
    sinks: z.array(sinkSchema).min(1).optional(),
    /** Use the prompt positions of every known LLM call site as sinks. */
    promptSinks: z.enum(['any', 'system', 'user']).optional().describe("LLM prompts as sinks: 'system' (system/instructions position), 'user' (user turn), 'any'."),
    sanitizers: z.array(sanitizerSchema).default([]),
    sanitizerKinds: z.array(z.string()).default([]).describe("Shared sanitizer kinds from the catalog that neutralise for this rule ('shell', 'html', 'sql', 'validation')."),
  })
  .strict();

/** Non-flow checks on calls: a call that matches and whose arguments meet the conditions. */
export const callCheckSchema = z
  .object({
    call: qualifiedNames.optional(),
    method: z.array(z.string().min(1)).optional(),
    receiverTypes: qualifiedNames.optional(),
    when: z.array(argCondition).default([]),
    unless: z.array(argCondition).default([]),
    report: z.union([z.literal('call'), z.number().int().min(0), z.string()]).default('call').describe("Where to put the finding: the call, or an argument's range."),
    label: z.string().optional(),
  })
  .strict();

export const fixSchema = z
  .object({
    kind: z.string().min(1).describe('A fix generator known to the engine (src/engine/fixes).'),
    title: z.string().min(1).optional(),
  })
  .strict();

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens'),
    title: z.string().min(5),
    severity: severitySchema,
    languages: z.array(languageFamilySchema).min(1),
    message: z.string().min(10).describe('Message template: {source}, {sink}, {detail} are filled in.'),
    docs: z.object({ why: z.string().min(10), fix: z.string().min(10) }).strict(),
    standards: standardsSchema,
    taint: taintSpecSchema.optional(),
    calls: z.array(callCheckSchema).optional(),
    /** Environment variables set in code (`os.environ["HF_ENDPOINT"] = "http://..."`, `process.env.X = ...`). */
    envAssignments: z
      .array(z.object({ names: z.array(z.string().min(1)).min(1), matches: z.string(), label: z.string().optional() }).strict())
      .optional(),
    /** A rule implemented by a built-in check (secrets, suppressions, endpoints). */
    builtin: z.string().optional(),
    fixes: z.array(fixSchema).default([]),
    /** Severity raised when the flow lands in the system / instructions position. */
    systemPositionSeverity: severitySchema.optional(),
  })
  .strict()
  .refine((r) => (r.builtin === undefined) !== (r.taint === undefined && r.calls === undefined && r.envAssignments === undefined), {
    message: 'a rule has taint, calls and/or envAssignments, or builtin',
  });

export type RuleSpec = z.infer<typeof ruleSchema>;
export type SinkSpec = z.infer<typeof sinkSchema>;
export type SanitizerSpec = z.infer<typeof sanitizerSchema>;
export type CallCheckSpec = z.infer<typeof callCheckSchema>;
export type ArgCondition = z.infer<typeof argCondition>;
export type TaintSpec = z.infer<typeof taintSpecSchema>;

/** Rule metadata as the faces need it (SARIF rules, hovers, report tables). */
export interface RuleInfo {
  id: string;
  title: string;
  severity: RuleSpec['severity'];
  languages: RuleSpec['languages'];
  docs: RuleSpec['docs'];
  standards: RuleSpec['standards'];
  helpUri: string;
  /** Where the rule came from: 'builtin' or the rule file's path. */
  origin: string;
}
