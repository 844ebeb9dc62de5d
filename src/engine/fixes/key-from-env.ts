/**
 * hardcoded-api-key: read the key from the provider's conventional environment variable:
 * `os.environ["OPENAI_API_KEY"]` (+ `import os`) / `process.env.OPENAI_API_KEY`. The variable
 * comes from the key's format, else from the argument or property name, the client class, or an
 * UPPER_CASE variable the literal is assigned to. The title never contains the key.
 */
import type { Expr } from '../ir';
import type { Fix, TextEdit } from '../findings';
import type { FixContext } from './index';
import { parentOf, placeOf } from './ir-index';
import { importsModule, pythonImportEdits } from './imports';
import { replaceSpan, sliceOf } from './edits';

const BY_FORMAT: [RegExp, string][] = [
  [/^sk-ant-/, 'ANTHROPIC_API_KEY'],
  [/^sk-/, 'OPENAI_API_KEY'],
  [/^AIza/, 'GOOGLE_API_KEY'],
  [/^hf_/, 'HF_TOKEN'],
  [/^(?:AKIA|ASIA)/, 'AWS_ACCESS_KEY_ID'],
  [/^gsk_/, 'GROQ_API_KEY'],
  [/^r8_/, 'REPLICATE_API_TOKEN'],
  [/^xai-/, 'XAI_API_KEY'],
  [/^pplx-/, 'PERPLEXITY_API_KEY'],
];

const BY_ARGUMENT: Record<string, string> = {
  openai_api_key: 'OPENAI_API_KEY',
  anthropic_api_key: 'ANTHROPIC_API_KEY',
  google_api_key: 'GOOGLE_API_KEY',
  cohere_api_key: 'COHERE_API_KEY',
  mistral_api_key: 'MISTRAL_API_KEY',
  groq_api_key: 'GROQ_API_KEY',
  hf_token: 'HF_TOKEN',
  huggingfacehub_api_token: 'HF_TOKEN',
  aws_secret_access_key: 'AWS_SECRET_ACCESS_KEY',
  secretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  aws_access_key_id: 'AWS_ACCESS_KEY_ID',
  accessKeyId: 'AWS_ACCESS_KEY_ID',
};

/** Client classes and functions, by the words in the callee. Order matters: Azure before OpenAI. */
const BY_CLIENT: [RegExp, string][] = [
  [/Anthropic/i, 'ANTHROPIC_API_KEY'],
  [/AzureOpenAI/, 'AZURE_OPENAI_API_KEY'],
  [/OpenAI/i, 'OPENAI_API_KEY'],
  [/Mistral/i, 'MISTRAL_API_KEY'],
  [/Cohere/i, 'COHERE_API_KEY'],
  [/Groq/i, 'GROQ_API_KEY'],
  [/GoogleGenAI|GoogleGenerativeAI|Gemini|genai/i, 'GEMINI_API_KEY'],
  [/Replicate/i, 'REPLICATE_API_TOKEN'],
  [/Perplexity/i, 'PERPLEXITY_API_KEY'],
  [/xai|Grok/i, 'XAI_API_KEY'],
  [/InferenceClient|HfInference|HuggingFace|hf_hub|login/i, 'HF_TOKEN'],
];

const GEMINI_SDKS = ['google.genai', '@google/genai', '@google/generative-ai'];

export function keyFromEnv(ctx: FixContext): Fix[] {
  const span = { start: ctx.finding.location.startOffset, end: ctx.finding.location.endOffset };
  const located = placeOf(ctx.module, span);
  if (!located || located.expr.k !== 'str' || located.expr.value === null) return [];
  const envLine = environmentAssignment(ctx, located.expr);
  if (envLine) return [envLine];
  const variable = variableFor(ctx, located.expr.value, located.expr);
  if (!variable) return [];
  const edits: TextEdit[] = [];
  if (ctx.language === 'python') {
    edits.push(replaceSpan(span, `os.environ["${variable}"]`));
    edits.push(...pythonImportEdits(ctx, ['os']));
  } else {
    edits.push(replaceSpan(span, `process.env.${variable}`));
  }
  return [{ title: `Read the key from the ${variable} environment variable (and revoke the exposed key)`, edits, isPreferred: true }];
}

function variableFor(ctx: FixContext, value: string, literal: Expr): string | undefined {
  const context = contextOf(ctx, literal);
  const format = BY_FORMAT.find(([re]) => re.test(value.trim()))?.[1];
  if (format === 'GOOGLE_API_KEY') {
    const gemini = importsModule(ctx.module, GEMINI_SDKS) || (context.callee !== undefined && /GoogleGenAI|GoogleGenerativeAI|genai\.Client/.test(context.callee));
    return gemini ? 'GEMINI_API_KEY' : 'GOOGLE_API_KEY';
  }
  if (format) return format;
  if (context.argument && BY_ARGUMENT[context.argument]) return BY_ARGUMENT[context.argument];
  if (context.callee) {
    const client = BY_CLIENT.find(([re]) => re.test(context.callee!))?.[1];
    if (client) return client;
  }
  if (context.assignedTo && /^[A-Z][A-Z0-9_]*(KEY|TOKEN|SECRET)$/.test(context.assignedTo)) return context.assignedTo;
  return undefined;
}

/** The argument or property name the literal is given as, the callee it goes to, the variable it is assigned to. */
function contextOf(ctx: FixContext, literal: Expr): { argument?: string; callee?: string; assignedTo?: string } {
  const at = parentOf(ctx.module, literal);
  if (!at) return {};
  const place = at.place;
  if (place.k === 'arg') {
    const arg = place.call.args[place.index];
    return { argument: arg.kind === 'kw' ? arg.name : undefined, callee: sliceOf(ctx.text, place.call.callee.span) };
  }
  if (place.k === 'entry') {
    const owner = parentOf(ctx.module, place.dict);
    const callee = owner?.place.k === 'arg' ? sliceOf(ctx.text, owner.place.call.callee.span) : undefined;
    return { argument: place.entry.key ?? undefined, callee };
  }
  if (place.k === 'assign-value' && place.stmt.target.k === 'name') return { assignedTo: place.stmt.target.name };
  return {};
}

/**
 * `os.environ["OPENAI_API_KEY"] = "sk-..."` / `process.env.OPENAI_API_KEY = '...'`: the code sets the
 * variable the client reads, so the fix is to delete that line and set it outside the code.
 */
function environmentAssignment(ctx: FixContext, literal: Expr): Fix | undefined {
  const at = parentOf(ctx.module, literal);
  if (at?.place.k !== 'assign-value' || at.place.stmt.op) return undefined;
  const stmt = at.place.stmt;
  const target = stmt.target;
  let variable: string | undefined;
  if (target.k === 'index' && target.obj.k === 'attr' && target.obj.name === 'environ' && target.index.k === 'str') variable = target.index.value ?? undefined;
  else if (target.k === 'attr' && target.obj.k === 'attr' && target.obj.name === 'env' && target.obj.obj.k === 'name' && target.obj.obj.name === 'process') variable = target.name;
  if (!variable || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) return undefined;
  const lineStart = ctx.text.lastIndexOf('\n', stmt.span.start - 1) + 1;
  const nl = ctx.text.indexOf('\n', stmt.span.end);
  const lineEnd = nl < 0 ? ctx.text.length : nl + 1;
  // Only a statement alone on its lines is deleted.
  if (ctx.text.slice(lineStart, stmt.span.start).trim() !== '' || !/^;?$/.test(ctx.text.slice(stmt.span.end, nl < 0 ? ctx.text.length : nl).trim())) return undefined;
  return { title: `Delete the line that sets ${variable} in code: set it in the environment instead (and revoke the exposed key)`, edits: [{ startOffset: lineStart, endOffset: lineEnd, newText: '' }], isPreferred: true };
}
