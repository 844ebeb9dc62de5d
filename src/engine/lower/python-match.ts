/**
 * `match` / `case` lowered to a chain of IfStmt. Each test is an `unknown` over the subject and
 * the values the pattern mentions (class names, constants, literals), joined with the guard by
 * `and` so guards still read as conditions. Names the pattern captures are assigned from the
 * subject just before the test, so data keeps flowing into them. `case _:` is the final else.
 */
import type { Expr, IfStmt, Stmt } from '../ir';
import { MAX_DEPTH, joinSpan, unknown, withHoisting, type LowerContext } from './python-context';
import { lowerExpr } from './python-expr';
import { recoverFromError } from './python-recover';
import { lowerBody } from './python-stmt';
import { child, childrenOf, firstNamed, spanOf, type SyntaxNode } from './python-syntax';

interface PatternFacts {
  values: Expr[];
  captures: SyntaxNode[];
}

export function lowerMatch(cx: LowerContext, node: SyntaxNode, d: number, out: Stmt[]): void {
  const subjects = childrenOf(node, 'subject');
  if (subjects.length === 0) return;
  const lowerSubject = (): Expr => {
    if (subjects.length === 1) return lowerExpr(cx, subjects[0], d + 1);
    const items = subjects.map((s) => lowerExpr(cx, s, d + 1));
    return { k: 'seq', kind: 'tuple', items, span: joinSpan(subjects[0], subjects[subjects.length - 1]) };
  };
  const subjectSpan = joinSpan(subjects[0], subjects[subjects.length - 1]);
  const firstSubject = withHoisting(cx, out, lowerSubject);
  // Plain reads are lowered again for each use. A subject with calls runs once: it is bound to
  // a synthetic name (not a valid Python identifier, so it cannot clash) that the cases read.
  let subject: () => Expr;
  if (isPlainRead(firstSubject, 0)) {
    let used = false;
    subject = () => {
      if (used) return lowerSubject();
      used = true;
      return firstSubject;
    };
  } else {
    const name = `$match@${subjectSpan.start}`;
    out.push({ k: 'assign', target: { k: 'name', name, span: subjectSpan }, value: firstSubject, span: subjectSpan });
    subject = () => ({ k: 'name', name, span: subjectSpan });
  }

  const block = child(node, 'body');
  const clauses = block ? block.children.filter((kid) => kid.type === 'case_clause') : [];
  let tail: Stmt[] = out;
  let depth = d + 1;
  for (const clause of clauses) {
    if (depth > MAX_DEPTH) break;
    const patterns = clause.children.filter((kid) => kid.type === 'case_pattern');
    const guardNode = child(clause, 'guard');
    const body = child(clause, 'consequence');
    if (!guardNode && patterns.length === 1 && isWildcard(patterns[0])) {
      for (const stmt of lowerBody(cx, body, depth)) tail.push(stmt);
      break;
    }
    const facts: PatternFacts = { values: [], captures: [] };
    for (const pattern of patterns) collectPattern(cx, pattern, facts, depth + 1, false);
    const patternSpan = patterns.length > 0 ? joinSpan(patterns[0], patterns[patterns.length - 1]) : spanOf(clause);
    let test: Expr = { k: 'unknown', children: [subject(), ...facts.values], span: patternSpan };
    const guardExpr = guardNode ? firstNamed(guardNode) : undefined;
    if (guardExpr) {
      const guard = withHoisting(cx, tail, () => lowerExpr(cx, guardExpr, depth + 1));
      test = { k: 'op', op: 'and', args: [test, guard], span: { start: patternSpan.start, end: guardExpr.end } };
    }
    // Captures are bound before the test so a guard reading them (`case x if ok(x):`) guards them.
    for (const capture of facts.captures) {
      const span = spanOf(capture);
      tail.push({ k: 'assign', target: { k: 'name', name: cx.leaf(capture), span }, value: { k: 'unknown', children: [subject()], span }, span });
    }
    const then = lowerBody(cx, body, depth + 1);
    const ifStmt: IfStmt = { k: 'if', test, then, else: [], span: { start: clause.start, end: node.end } };
    tail.push(ifStmt);
    tail = ifStmt.else;
    depth++;
  }
  // Code the parser could not fit into a case is kept after the match.
  if (block) for (const kid of block.children) if (kid.type === 'ERROR') recoverFromError(cx, kid, d + 1, out);
}

/** `case _:` */
function isWildcard(pattern: SyntaxNode): boolean {
  return pattern.children.length === 1 && pattern.children[0].type === '_';
}

/** Names and attribute/index reads of names and constants: safe to lower again per case. */
function isPlainRead(expr: Expr, depth: number): boolean {
  if (depth > 20) return false;
  switch (expr.k) {
    case 'name':
    case 'lit':
      return true;
    case 'str':
      return expr.parts.length === 0;
    case 'attr':
      return isPlainRead(expr.obj, depth + 1);
    case 'index':
      return isPlainRead(expr.obj, depth + 1) && isPlainRead(expr.index, depth + 1);
    case 'seq':
      return expr.items.every((item) => isPlainRead(item, depth + 1));
    default:
      return false;
  }
}

/**
 * Walks a case pattern: constant parts (dotted names, literals, class names) become values of
 * the test; bare names and `as` / `*rest` / `**rest` names are captures. `captureNames` is
 * true where a single-identifier dotted_name binds rather than reads.
 */
function collectPattern(cx: LowerContext, node: SyntaxNode, facts: PatternFacts, d: number, inClassHead: boolean): void {
  if (d > MAX_DEPTH) return;
  switch (node.type) {
    case 'dotted_name': {
      const names = node.children.filter((kid) => kid.type === 'identifier');
      if (names.length === 1 && !inClassHead) {
        if (cx.leaf(names[0]) !== '_') facts.captures.push(names[0]);
        return;
      }
      facts.values.push(dottedRead(cx, node));
      return;
    }
    case 'identifier':
      if (cx.leaf(node) !== '_') facts.captures.push(node);
      return;
    case 'string':
    case 'concatenated_string':
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'none':
      facts.values.push(lowerExpr(cx, node, d));
      return;
    case 'complex_pattern':
      facts.values.push(unknown(node, node.children.filter((kid) => kid.named).map((kid) => lowerExpr(cx, kid, d))));
      return;
    case 'class_pattern': {
      let head = true;
      for (const kid of node.children) {
        if (!kid.named) continue;
        collectPattern(cx, kid, facts, d + 1, head && kid.type === 'dotted_name');
        head = false;
      }
      return;
    }
    case 'keyword_pattern': {
      // `key=pattern`: the leading identifier is the attribute name, not a capture.
      let seenKey = false;
      for (const kid of node.children) {
        if (!kid.named) continue;
        if (!seenKey && kid.type === 'identifier') {
          seenKey = true;
          continue;
        }
        collectPattern(cx, kid, facts, d + 1, false);
      }
      return;
    }
    case 'dict_pattern':
      for (const kid of node.children) {
        if (!kid.named) continue;
        if (kid.field === 'key') facts.values.push(lowerExpr(cx, kid, d));
        else collectPattern(cx, kid, facts, d + 1, false);
      }
      return;
    default:
      // case_pattern, list/tuple/union/splat/as patterns, as_pattern_target: look inside.
      for (const kid of node.children) if (kid.named) collectPattern(cx, kid, facts, d + 1, false);
  }
}

/** `Color.RED` in a pattern: an attribute chain read. */
function dottedRead(cx: LowerContext, node: SyntaxNode): Expr {
  let expr: Expr | null = null;
  for (const kid of node.children) {
    if (kid.type !== 'identifier') continue;
    const span = spanOf(kid);
    expr = expr
      ? { k: 'attr', obj: expr, name: cx.leaf(kid), nameSpan: span, span: { start: node.start, end: kid.end } }
      : { k: 'name', name: cx.leaf(kid), span };
  }
  return expr ?? unknown(node);
}
