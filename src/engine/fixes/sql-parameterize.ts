/**
 * llm-output-sql-injection: SQL built in the sink's own argument (f-string, `%`, `.format`, `+`,
 * template literal) becomes constant SQL with placeholders and the values as parameters:
 * `cursor.execute(f"... WHERE a = '{x}'")` -> `cursor.execute("... WHERE a = %s", (x,))`,
 * `db.query(\`... ${x}\`)` -> `db.query('... $1', [x])`. Only values can be parameters: a value
 * in an identifier, keyword or list position (`ORDER BY {col}`, `IN ({ids})`) gets no fix.
 */
import type { CallExpr, Expr } from '../ir';
import type { Fix } from '../findings';
import type { FixContext } from './index';
import { bindingsOf, callWithArg, rootName } from './ir-index';
import { importsModule, moduleOfLocal } from './imports';
import { replaceSpan } from './edits';
import { jsLiteral, pyLiteral, renderValue, segmentsOf, type Segment } from './string-parts';

type Style = '?' | '%s' | '$n' | '$n-args';

const SLOT = '\u0000';

const PY_QMARK = ['sqlite3', 'aiosqlite', 'duckdb', 'pyodbc'];
const PY_FORMAT = ['psycopg2', 'psycopg', 'pymysql', 'MySQLdb', 'mysql', 'snowflake', 'django'];
const JS_DOLLAR = ['pg', '@neondatabase/serverless', '@vercel/postgres'];
const JS_QMARK = ['mysql', 'mysql2', 'mysql2/promise', 'sqlite3', 'sqlite', 'knex'];

export function sqlParameterize(ctx: FixContext): Fix[] {
  const at = callWithArg(ctx.module, { start: ctx.finding.location.startOffset, end: ctx.finding.location.endOffset });
  if (!at || at.index !== 0 || at.call.args[0].kind !== 'pos' || at.call.callee.k !== 'attr') return [];
  const call = at.call;
  const style = ctx.language === 'python' ? pythonStyle(ctx, call) : jsStyle(ctx, call);
  if (!style) return [];
  const built = segmentsOf(ctx.text, call.args[0].value, ctx.language);
  if (!built || !built.segments.some((s) => s.k === 'expr')) return [];
  const converted = parameterize(built.segments);
  if (!converted) return [];

  const params = converted.params.map((p) => renderParam(p, ctx));
  if (params.some((p) => p === undefined)) return [];
  let sql = converted.sql;
  if (style === '%s') sql = sql.replace(/%/g, '%%');
  let n = 0;
  sql = sql
    .split(SLOT)
    .map((piece, i) => (i === 0 ? piece : `${style === '?' ? '?' : style === '%s' ? '%s' : `$${++n}`}${piece}`))
    .join('');
  const literal = ctx.language === 'python' ? pyLiteral(sql, built.quote) : jsLiteral(sql, built.quote === '"' ? '"' : "'");
  const newText =
    style === '$n-args'
      ? `${literal}, ${params.join(', ')}`
      : ctx.language === 'python'
        ? `${literal}, (${params.join(', ')}${params.length === 1 ? ',' : ''})`
        : `${literal}, [${params.join(', ')}]`;
  const shown = style === '$n-args' || style === '$n' ? '$1' : style;
  return [{ title: `Pass the values as query parameters (${shown} placeholders) instead of building the SQL text`, edits: [replaceSpan(call.args[0].value.span, newText)], isPreferred: true }];
}

function renderParam(segments: Segment[], ctx: FixContext): string | undefined {
  if (ctx.language !== 'python') return renderValue(segments, ctx.language, "'");
  return renderValue(segments, 'python', '"') ?? renderValue(segments, 'python', "'");
}

/**
 * SQL text with a slot for each value and the values' pieces. A value inside a quoted SQL literal
 * takes the whole literal (`'%{x}%'` -> one parameter `%{x}%`); an unquoted value only after a
 * comparison or LIKE / LIMIT / OFFSET.
 */
export function parameterize(input: Segment[]): { sql: string; params: Segment[][] } | undefined {
  const segments = input.map((s) => ({ ...s }));
  let sql = '';
  const params: Segment[][] = [];
  // Parity of the quotes in `sql` so far, kept as text is added: one scan of the text in all.
  let inQuote = false;
  let i = 0;
  while (i < segments.length) {
    const s = segments[i];
    if (s.k === 'text') {
      sql += s.value;
      if (quoteCount(s.value) % 2 === 1) inQuote = !inQuote;
      i++;
      continue;
    }
    if (inQuote) {
      const open = sql.lastIndexOf("'");
      const inside: Segment[] = [];
      if (open + 1 < sql.length) inside.push({ k: 'text', value: sql.slice(open + 1) });
      sql = sql.slice(0, open);
      let closed = false;
      while (i < segments.length) {
        const t = segments[i];
        if (t.k === 'expr') {
          inside.push(t);
          i++;
          continue;
        }
        const q = t.value.indexOf("'");
        if (q < 0) {
          inside.push(t);
          i++;
          continue;
        }
        if (t.value[q + 1] === "'") return undefined;
        if (q > 0) inside.push({ k: 'text', value: t.value.slice(0, q) });
        segments[i] = { k: 'text', value: t.value.slice(q + 1) };
        closed = true;
        break;
      }
      if (!closed) return undefined;
      inQuote = false;
      sql += SLOT;
      params.push(inside);
      continue;
    }
    // Only the end of the text matters; testing all of it for each value would be quadratic.
    const before = sql.slice(-64).trimEnd();
    if (!/(?:=|<|>|\b(?:LIKE|ILIKE|LIMIT|OFFSET))$/i.test(before)) return undefined;
    const next = segments[i + 1];
    if (next && (next.k === 'expr' || /^[\w.'"`]/.test(next.value))) return undefined;
    sql += SLOT;
    params.push([s]);
    i++;
  }
  if (inQuote || !params.length) return undefined;
  return { sql, params };
}

function quoteCount(s: string): number {
  let n = 0;
  for (const c of s) if (c === "'") n++;
  return n;
}

// ------------------------------------------------------------------ placeholder style

/** The module a receiver comes from, through imports and assignments (`cur = conn.cursor()`, `conn = sqlite3.connect()`). */
function receiverModule(ctx: FixContext, e: Expr, depth = 0): string | undefined {
  const root = rootName(e);
  if (!root || depth > 6) return undefined;
  const module = moduleOfLocal(ctx.module, root);
  if (module) return module;
  const bindings = bindingsOf(ctx.module, root).filter((v) => v.span.start < ctx.finding.location.startOffset);
  for (const v of bindings.reverse()) {
    const found = receiverModule(ctx, v, depth + 1);
    if (found) return found;
  }
  return undefined;
}

const family = (module: string, names: string[]): boolean => names.some((n) => module === n || module.startsWith(`${n}.`) || module.startsWith(`${n}/`));

function pythonStyle(ctx: FixContext, call: CallExpr): Style | undefined {
  if (call.callee.k !== 'attr' || call.args.length !== 1) return undefined;
  const method = call.callee.name;
  const module = receiverModule(ctx, call.callee.obj);
  if (module && family(module, ['asyncpg'])) return ['execute', 'fetch', 'fetchrow', 'fetchval'].includes(method) ? '$n-args' : undefined;
  if (method !== 'execute') return undefined;
  if (module) {
    if (family(module, PY_QMARK)) return '?';
    if (family(module, PY_FORMAT)) return '%s';
    return undefined;
  }
  // Unknown receiver: DB-API drivers other than sqlite3 use %s.
  if (importsModule(ctx.module, ['sqlite3'])) return '?';
  if (!importsModule(ctx.module, [...PY_FORMAT, ...PY_QMARK]) && importsModule(ctx.module, ['sqlalchemy', 'sqlmodel', 'asyncpg'])) return undefined;
  return '%s';
}

function jsStyle(ctx: FixContext, call: CallExpr): Style | undefined {
  if (call.callee.k !== 'attr') return undefined;
  const method = call.callee.name;
  // A second argument must be a callback: values or options already there mean a different shape.
  if (call.args.length > 2 || (call.args[1] && call.args[1].value.k !== 'func')) return undefined;
  const module = receiverModule(ctx, call.callee.obj);
  const known = module ?? (importsModule(ctx.module, JS_DOLLAR) ? 'pg' : importsModule(ctx.module, ['mysql', 'mysql2']) ? 'mysql2' : importsModule(ctx.module, ['sqlite3']) ? 'sqlite3' : undefined);
  if (!known) return undefined;
  if (family(known, JS_DOLLAR)) return method === 'query' ? '$n' : undefined;
  if (family(known, ['sqlite3', 'sqlite'])) return ['all', 'get', 'run', 'each'].includes(method) ? '?' : undefined;
  if (family(known, ['knex'])) return method === 'raw' ? '?' : undefined;
  if (family(known, JS_QMARK)) return method === 'query' || method === 'execute' ? '?' : undefined;
  return undefined;
}
