/**
 * Hardcoded API keys: string literals in a provider's key format, and any real-looking literal
 * passed as an API key argument. The key text itself never leaves this module: findings carry a
 * redacted preview and the span to mask.
 */
import type { Expr, ModuleIR } from '../ir';
import type { Span } from '../span';
import { walkModuleExprs } from './walk';

export interface SecretHit {
  span: Span;
  provider: string;
  preview: string;
}

export const KEY_FORMATS: readonly { provider: string; re: RegExp }[] = [
  { provider: 'Anthropic', re: /^sk-ant-(?:api\d\d|admin\d\d)-[A-Za-z0-9_-]{40,}$/ },
  { provider: 'OpenAI', re: /^sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}$/ },
  { provider: 'Google', re: /^AIza[0-9A-Za-z_-]{35}$/ },
  { provider: 'Hugging Face', re: /^hf_[A-Za-z0-9]{30,}$/ },
  { provider: 'AWS', re: /^(?:AKIA|ASIA)[0-9A-Z]{16}$/ },
  { provider: 'Groq', re: /^gsk_[A-Za-z0-9]{40,}$/ },
  { provider: 'Replicate', re: /^r8_[A-Za-z0-9]{30,}$/ },
  { provider: 'xAI', re: /^xai-[A-Za-z0-9]{40,}$/ },
  { provider: 'Perplexity', re: /^pplx-[A-Za-z0-9]{40,}$/ },
];

/** No key format matches fewer characters (AWS: four letters and sixteen more). */
export const MIN_KEY_LENGTH = 20;

/** What a file must contain for this check to find anything (the prefilter's test): a string in a
 * provider key format, or a long literal given to a key-like name. */
export const SECRET_PATTERN = /(?:sk-|AIza|hf_|AKIA|ASIA|gsk_|r8_|xai-|pplx-)[A-Za-z0-9_-]{10}|(?:key|token|secret|Key|Token|Secret|KEY|TOKEN|SECRET)["']?\s*[:=]\s*["'`][^"'`\s]{16}/;

/** Argument and property names that hold an API key. */
const KEY_ARGUMENTS = new Set(['api_key', 'apiKey', 'openai_api_key', 'anthropic_api_key', 'google_api_key', 'cohere_api_key', 'mistral_api_key', 'groq_api_key', 'hf_token', 'huggingfacehub_api_token', 'token', 'aws_secret_access_key', 'secretAccessKey', 'accessToken', 'auth_token', 'authToken']);

const PLACEHOLDER = /^(?:|sk-|sk-\.\.\.|sk-x+|x+|\*+|\.+|<.*>|\{.*\}|\$\{.*\}|%.*%|your.*|my.*|insert.*|replace.*|enter.*|put.*|add.*|changeme|change.?me|todo|test.*|dummy.*|fake.*|mock.*|example.*|sample.*|placeholder.*|secret|none|null|undefined|empty|na|n\/a|ollama|lm-studio|not-needed|not-used|unused|no-key|nokey|sk-no-key-required|token|api[-_]?key|key)$/i;

export function findSecrets(module: ModuleIR): SecretHit[] {
  const hits: SecretHit[] = [];
  const seen = new Set<number>();
  const report = (span: Span, value: string, provider: string): void => {
    if (seen.has(span.start)) return;
    seen.add(span.start);
    hits.push({ span, provider, preview: redact(value) });
  };
  walkModuleExprs(module, (e) => {
    // The shortest key format (AWS) is 20 characters: shorter strings skip the nine expressions.
    if (e.k === 'str' && e.value !== null && e.value.length >= MIN_KEY_LENGTH) {
      const format = KEY_FORMATS.find((f) => f.re.test(e.value!));
      if (format && looksRandom(e.value)) report(e.span, e.value, format.provider);
    } else if (e.k === 'call') {
      for (const a of e.args) if (a.kind === 'kw' && a.name && KEY_ARGUMENTS.has(a.name)) checkKeyArgument(a.value, report);
      for (const a of e.args) if (a.value.k === 'dict') for (const en of a.value.entries) if (en.key && KEY_ARGUMENTS.has(en.key)) checkKeyArgument(en.value, report);
    }
  });
  return hits;
}

function checkKeyArgument(v: Expr, report: (span: Span, value: string, provider: string) => void): void {
  if (v.k !== 'str' || v.value === null) return;
  const value = v.value.trim();
  if (value.length < 16 || PLACEHOLDER.test(value) || /\s/.test(value) || !looksRandom(value)) return;
  const format = KEY_FORMATS.find((f) => f.re.test(value));
  report(v.span, value, format?.provider ?? 'an API');
}

/** Real keys are random: many distinct characters, letters and digits mixed, no long runs. */
function looksRandom(value: string): boolean {
  const body = value.replace(/^(sk-ant-api\d\d-|sk-proj-|sk-|hf_|gsk_|r8_|xai-|pplx-|AIza)/, '');
  if (new Set(body).size < 10) return false;
  if (/(.)\1{5,}/.test(body)) return false;
  if (/x{4,}|\.{3}|your|example|placeholder/i.test(body)) return false;
  // Digits and letters, or both letter cases (Hugging Face tokens have no digits).
  return /[A-Za-z]/.test(body) && (/[0-9]/.test(body) || (/[a-z]/.test(body) && /[A-Z]/.test(body)));
}

export function redact(value: string): string {
  const keep = Math.min(6, Math.floor(value.length / 4));
  return `${value.slice(0, keep)}…(${value.length} characters, redacted)`;
}

