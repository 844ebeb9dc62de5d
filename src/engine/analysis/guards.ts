/**
 * Conditions that validate a variable: `if x in ALLOWED`, `if not re.fullmatch(p, x): abort()`,
 * `if (!ALLOWED.includes(x)) return`, `if x.isdigit()`, `if (typeof x === 'number')`.
 * Returns the variable names validated when the condition is true and when it is false; the
 * interpreter clears them in that branch (and after an early exit, for the rest of the block).
 */
import type { Expr } from '../ir';
import type { Frame, Interpreter } from './interpreter';

export interface Guards {
  whenTrue: string[];
  whenFalse: string[];
}

const NONE: Guards = { whenTrue: [], whenFalse: [] };

export function guardedNames(test: Expr, interp: Interpreter, frame: Frame): Guards {
  return guards(test, interp, frame, 0);
}

function guards(test: Expr, interp: Interpreter, frame: Frame, depth: number): Guards {
  if (depth > 16) return NONE;
  if (test.k === 'op') {
    const [a, b] = test.args;
    switch (test.op) {
      case 'not':
      case '!': {
        const inner = guards(a, interp, frame, depth + 1);
        return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
      }
      case 'and':
      case '&&': {
        const ga = guards(a, interp, frame, depth + 1);
        const gb = guards(b, interp, frame, depth + 1);
        return { whenTrue: [...ga.whenTrue, ...gb.whenTrue], whenFalse: [] };
      }
      case 'or':
      case '||': {
        const ga = guards(a, interp, frame, depth + 1);
        const gb = guards(b, interp, frame, depth + 1);
        return { whenTrue: [], whenFalse: [...ga.whenFalse, ...gb.whenFalse] };
      }
      case 'in':
        return varName(a) ? { whenTrue: [varName(a)!], whenFalse: [] } : NONE;
      case 'not in':
        return varName(a) ? { whenTrue: [], whenFalse: [varName(a)!] } : NONE;
      case '==':
      case '===':
      case '!=':
      case '!==': {
        const name = comparedToConstant(a, b) ?? typeofCheck(a, b);
        if (!name) return NONE;
        return test.op.startsWith('=') ? { whenTrue: [name], whenFalse: [] } : { whenTrue: [], whenFalse: [name] };
      }
      default:
        return NONE;
    }
  }
  if (test.k === 'call') return callGuard(test, interp, frame);
  return NONE;
}

function callGuard(call: Extract<Expr, { k: 'call' }>, interp: Interpreter, frame: Frame): Guards {
  const rules = interp.rules;
  const callee = call.callee;
  const args = call.args.filter((a) => a.kind === 'pos').map((a) => a.value);
  if (callee.k === 'attr') {
    // `ALLOWED.includes(x)`, `allowed.has(x)`, `PATTERN.fullmatch(x)`, `/^\w+$/.test(x)`
    if (rules.guardCollectionMethods.has(callee.name) && args[0] && varName(args[0])) return { whenTrue: [varName(args[0])!], whenFalse: [] };
    // `Object.hasOwn(TOOLS, x)`: the second argument is the checked key.
    if (callee.name === 'hasOwn' && callee.obj.k === 'name' && callee.obj.name === 'Object' && varName(args[1])) return { whenTrue: [varName(args[1])!], whenFalse: [] };
    // `x.isdigit()`, `x.isalnum()`
    if (rules.guardValueMethods.has(callee.name) && varName(callee.obj)) return { whenTrue: [varName(callee.obj)!], whenFalse: [] };
  }
  const calleeValue = interp.evalExpr(callee, frame);
  const name = callee.k === 'name' ? callee.name : callee.k === 'attr' ? callee.name : undefined;
  const validated = args.map(varName).filter((n): n is string => !!n);
  if (!validated.length) return NONE;
  if (rules.guardCalls.first(calleeValue.refs)) return { whenTrue: validated, whenFalse: [] };
  // `isinstance(x, int)`: a number is not text an attacker can shape.
  if (name === 'isinstance' && args[1] && isNumericType(args[1])) return { whenTrue: [validated[0]], whenFalse: [] };
  // User-written validators: `if validate_question(q):`, `if (isValidPrompt(q))`.
  if (name && (rules.sanitizerForCall([], name) === 'validation' || /^(is_?valid|is_?allowed|is_?safe)/i.test(name))) {
    return { whenTrue: validated, whenFalse: [] };
  }
  return NONE;
}

/** A checked variable: `x`, or an attribute path on one (`result.category`). */
function varName(e: Expr | undefined): string | undefined {
  if (e?.k === 'name') return e.name;
  if (e?.k === 'attr') {
    const base = varName(e.obj);
    return base ? `${base}.${e.name}` : undefined;
  }
  return undefined;
}

function comparedToConstant(a: Expr, b: Expr): string | undefined {
  if (isConstant(b) && varName(a)) return varName(a);
  if (isConstant(a) && varName(b)) return varName(b);
  return undefined;
}

function isConstant(e: Expr): boolean {
  return (e.k === 'str' && e.value !== null) || (e.k === 'lit' && e.kind !== 'null');
}

/** `typeof x === 'number'` / `'boolean'`. */
function typeofCheck(a: Expr, b: Expr): string | undefined {
  const [t, c] = a.k === 'op' && a.op === 'typeof' ? [a, b] : b.k === 'op' && b.op === 'typeof' ? [b, a] : [undefined, undefined];
  if (!t || !c || c.k !== 'str' || (c.value !== 'number' && c.value !== 'boolean')) return undefined;
  return varName(t.args[0]);
}

function isNumericType(e: Expr): boolean {
  if (e.k === 'name') return e.name === 'int' || e.name === 'float' || e.name === 'bool';
  if (e.k === 'seq') return e.items.length > 0 && e.items.every(isNumericType);
  return false;
}
