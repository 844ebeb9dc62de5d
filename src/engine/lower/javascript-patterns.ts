/** Binding and assignment targets: names, members, destructuring with defaults and rest. */
import type { Pattern } from '../ir';
import { LowerContext, span } from './javascript-context';
import { innerExpression, isTypeWrapper, lowerExpr, missing, stringValue, unwrapTypeWrapper } from './javascript-expressions';
import { field, firstNamed, type SNode } from './javascript-tree';

type ObjectProp = { key: string | null; value: Pattern };

export function lowerPattern(cx: LowerContext, node: SNode): Pattern {
  if (!cx.enter()) return { k: 'unknown', span: span(node) };
  const result = lowerPatternInner(cx, node);
  cx.leave();
  return result;
}

function lowerPatternInner(cx: LowerContext, n: SNode): Pattern {
  switch (n.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
    case 'shorthand_property_identifier':
    case 'undefined':
    case 'this':
      return { k: 'name', name: cx.textOf(n), span: span(n) };
    case 'member_expression': {
      const obj = field(n, 'object');
      const prop = field(n, 'property');
      if (!prop || !prop.named) return { k: 'unknown', span: span(n) };
      return { k: 'attr', obj: obj ? lowerExpr(cx, obj) : missing(n), name: cx.textOf(prop), span: span(n) };
    }
    case 'subscript_expression': {
      const obj = field(n, 'object');
      const index = field(n, 'index');
      return { k: 'index', obj: obj ? lowerExpr(cx, obj) : missing(n), index: index ? lowerExpr(cx, index) : missing(n), span: span(n) };
    }
    case 'array_pattern':
    case 'array':
      return { k: 'tuple', items: arrayPatternItems(cx, n), span: span(n) };
    case 'object_pattern':
    case 'object':
      return { k: 'object', props: objectPatternProps(cx, n), span: span(n) };
    case 'assignment_pattern':
    case 'assignment_expression': {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (!left) return { k: 'unknown', span: span(n) };
      return { k: 'default', target: lowerPattern(cx, left), value: right ? lowerExpr(cx, right) : missing(n), span: span(n) };
    }
    case 'rest_pattern':
    case 'spread_element': {
      const inner = firstNamed(n);
      return { k: 'rest', target: inner ? lowerPattern(cx, inner) : { k: 'unknown', span: span(n) }, span: span(n) };
    }
    default: {
      if (isTypeWrapper(n)) {
        const inner = n.type === 'parenthesized_expression' ? innerExpression(n) : unwrapTypeWrapper(n);
        if (inner) return lowerPattern(cx, inner);
      }
      return { k: 'unknown', span: span(n) };
    }
  }
}

/** `[a, , b = 1, ...rest]`; a hole keeps its position as an `unknown` item. */
function arrayPatternItems(cx: LowerContext, n: SNode): Pattern[] {
  const items: Pattern[] = [];
  let expectingItem = false;
  let lastEnd = n.start + 1;
  for (const kid of n.children) {
    if (!kid.named) {
      if (kid.type === '[') expectingItem = true;
      else if (kid.type === ',') {
        if (expectingItem) items.push({ k: 'unknown', span: { start: lastEnd, end: lastEnd } });
        expectingItem = true;
      }
      continue;
    }
    items.push(lowerPattern(cx, kid));
    lastEnd = kid.end;
    expectingItem = false;
  }
  return items;
}

function objectPatternProps(cx: LowerContext, n: SNode): ObjectProp[] {
  const props: ObjectProp[] = [];
  for (const kid of n.children) {
    if (!kid.named) continue;
    switch (kid.type) {
      case 'shorthand_property_identifier_pattern':
      case 'shorthand_property_identifier':
        props.push({ key: cx.textOf(kid), value: { k: 'name', name: cx.textOf(kid), span: span(kid) } });
        break;
      case 'pair_pattern':
      case 'pair': {
        const key = field(kid, 'key');
        const value = field(kid, 'value');
        props.push({ key: key ? patternKey(cx, key) : null, value: value ? lowerPattern(cx, value) : { k: 'unknown', span: span(kid) } });
        break;
      }
      case 'object_assignment_pattern':
      case 'assignment_pattern': {
        // `{ a = 1 }`: the key is the bound name.
        const left = field(kid, 'left');
        const target: Pattern = left ? lowerPattern(cx, left) : { k: 'unknown', span: span(kid) };
        const right = field(kid, 'right');
        props.push({
          key: target.k === 'name' ? target.name : null,
          value: { k: 'default', target, value: right ? lowerExpr(cx, right) : missing(kid), span: span(kid) },
        });
        break;
      }
      case 'rest_pattern':
      case 'spread_element':
        props.push({ key: null, value: lowerPattern(cx, kid) });
        break;
      default:
        props.push({ key: null, value: { k: 'unknown', span: span(kid) } });
    }
  }
  return props;
}

/** Static text of a property key (`a`, `'a'`, `1`, `#a`); null when computed (`[k]`). */
export function patternKey(cx: LowerContext, key: SNode): string | null {
  switch (key.type) {
    case 'property_identifier':
    case 'private_property_identifier':
    case 'identifier':
    case 'shorthand_property_identifier':
    case 'number':
      return cx.textOf(key);
    case 'string':
      return stringValue(cx, key);
    default:
      return null;
  }
}
