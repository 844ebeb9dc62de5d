/**
 * Regular expressions in rule files run on every file scanned, so one built to backtrack
 * catastrophically could freeze the editor. Rules may only use expressions that are short, compile,
 * and have no quantified group that itself contains a quantifier (star height 1), the shape behind
 * exponential backtracking such as `(a+)+` or `(\w*)*`, and no repeated group with alternatives
 * (`(a|ab)*`). Backreferences are refused for the same reason. What passes these checks is then
 * run on adversarial inputs under a timeout (regex-probe.ts), which catches the rest
 * (`\w*\w*\w*!`, `.*.*.*`), and at run time never sees more than MAX_REGEX_INPUT characters.
 */
import { probeRegex } from './regex-probe';

const MAX_LENGTH = 300;

/** Returns a description of the problem, or undefined when the expression is acceptable. */
export function checkRegex(source: string): string | undefined {
  if (source.length > MAX_LENGTH) return `regular expression is ${source.length} characters, over the limit of ${MAX_LENGTH}`;
  try {
    new RegExp(source);
  } catch (err) {
    return `invalid regular expression: ${(err as Error).message}`;
  }
  if (/\\[1-9]|\\k</.test(source)) return 'backreferences are not allowed in rule regular expressions';
  if (hasNestedQuantifier(source)) return 'nested quantifiers (such as (a+)+) can backtrack catastrophically and are not allowed';
  if (hasRepeatedAlternation(source)) return 'a repeated group with alternatives (such as (a|ab)*) can backtrack catastrophically; use a character class ([ab]*) or repeat each alternative on its own';
  return probeRegex(source);
}

function hasNestedQuantifier(source: string): boolean {
  // Stack of groups: whether each contains a quantifier so far.
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') stack.push(false);
    else if (c === ')') {
      const hadQuantifier = stack.pop() ?? false;
      const next = source[i + 1];
      const quantified = next === '*' || next === '+' || next === '?' || next === '{';
      if (quantified && hadQuantifier && next !== '?') return true;
      if (stack.length && (hadQuantifier || quantified)) stack[stack.length - 1] = true;
    } else if ((c === '*' || c === '+' || c === '{') && stack.length) {
      stack[stack.length - 1] = true;
    }
  }
  return false;
}

/** A group quantified with `*`, `+` or `{` whose own top level has a `|`. */
function hasRepeatedAlternation(source: string): boolean {
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') stack.push(false);
    else if (c === '|' && stack.length) stack[stack.length - 1] = true;
    else if (c === ')') {
      const hasAlternatives = stack.pop() ?? false;
      const next = source[i + 1];
      if (hasAlternatives && (next === '*' || next === '+' || next === '{')) return true;
    }
  }
  return false;
}
