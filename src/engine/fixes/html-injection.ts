/**
 * llm-output-html-injection: render the output as text, or sanitise it.
 * JS: `el.innerHTML = x` -> `el.textContent = x` (preferred) or `DOMPurify.sanitize(x)`;
 * `insertAdjacentHTML` -> `insertAdjacentText`; jQuery `.html(x)` -> `.text(x)`;
 * `dangerouslySetInnerHTML={{ __html: x }}` -> `{{ __html: DOMPurify.sanitize(x) }}`.
 * Python: the output escaped with `markupsafe.escape(...)` where it is placed in HTML
 * (`Markup`, `HTMLResponse`, Streamlit / Gradio HTML); `render_template_string(f"...{x}...")`
 * passes `x` to the template as an autoescaped variable. A plain template variable gets nothing:
 * escaping does not stop template syntax in it.
 */
import type { CallExpr, Expr } from '../ir';
import type { Fix, TextEdit } from '../findings';
import type { FixContext } from './index';
import { placeOf, type Located } from './ir-index';
import { jsDefaultImport, moduleOfLocal, pythonImportEdit } from './imports';
import { isIdentifier, replaceSpan, sliceOf } from './edits';
import { pyLiteral, segmentsOf } from './string-parts';

const DOMPURIFY = ['dompurify', 'isomorphic-dompurify'];
const JQUERY_TEXT_SAFE = new Set(['append', 'prepend', 'after', 'before', 'replaceWith']);

export function htmlSafe(ctx: FixContext): Fix[] {
  const span = { start: ctx.finding.location.startOffset, end: ctx.finding.location.endOffset };
  const at = placeOf(ctx.module, span);
  if (!at) return [];
  return ctx.language === 'python' ? pythonFixes(ctx, at) : jsFixes(ctx, at);
}

// ------------------------------------------------------------------ JavaScript

function jsFixes(ctx: FixContext, located: Located): Fix[] {
  const { expr: value, place } = located;
  if (place.k === 'assign-value' && place.stmt.target.k === 'attr') {
    const prop = place.stmt.target.name;
    if (prop !== 'innerHTML' && prop !== 'outerHTML') return [];
    const fixes: Fix[] = [];
    const nameStart = place.stmt.target.span.end - prop.length;
    if (prop === 'innerHTML' && ctx.text.slice(nameStart, place.stmt.target.span.end) === prop) {
      fixes.push({ title: 'Insert the output as text with textContent instead of innerHTML', edits: [replaceSpan({ start: nameStart, end: place.stmt.target.span.end }, 'textContent')], isPreferred: true });
    }
    fixes.push(purifyFix(ctx, value, fixes.length === 0));
    return fixes;
  }
  if (place.k === 'arg' && place.call.callee.k === 'attr') {
    const method = place.call.callee.name;
    const nameSpan = place.call.callee.nameSpan;
    if (method === 'insertAdjacentHTML' && place.index === 1) {
      return [{ title: 'Insert the output as text with insertAdjacentText() instead of insertAdjacentHTML()', edits: [replaceSpan(nameSpan, 'insertAdjacentText')], isPreferred: true }, purifyFix(ctx, value, false)];
    }
    if (method === 'html' && place.index === 0) {
      return [{ title: 'Insert the output as text with .text() instead of .html()', edits: [replaceSpan(nameSpan, 'text')], isPreferred: true }, purifyFix(ctx, value, false)];
    }
    if (JQUERY_TEXT_SAFE.has(method) || method === 'write' || method === 'writeln') return [purifyFix(ctx, value, true)];
    return [];
  }
  if (place.k === 'jsx-attr' && place.attr.name === 'dangerouslySetInnerHTML' && value.k === 'dict') {
    const entry = value.entries.find((e) => e.key === '__html' && !e.spread);
    if (!entry) return [];
    return [purifyFix(ctx, entry.value, true)];
  }
  return [];
}

function purifyFix(ctx: FixContext, value: Expr, preferred: boolean): Fix {
  const binding = jsDefaultImport(ctx, DOMPURIFY, 'DOMPurify');
  const edits: TextEdit[] = [replaceSpan(value.span, `${binding.local}.sanitize(${sliceOf(ctx.text, value.span)})`)];
  if (binding.edit) edits.push(binding.edit);
  return { title: 'Sanitise the HTML with DOMPurify.sanitize() before inserting it', edits, isPreferred: preferred };
}

// ------------------------------------------------------------------ Python

/** Python callees whose argument is rendered as HTML and can take escaped text. */
const ESCAPABLE = new Set([
  'markupsafe.Markup',
  'flask.Markup',
  'django.utils.safestring.mark_safe',
  'fastapi.responses.HTMLResponse',
  'starlette.responses.HTMLResponse',
  'streamlit.markdown',
  'streamlit.write',
  'streamlit.caption',
  'streamlit.html',
  'streamlit.components.v1.html',
  'gradio.HTML',
  'IPython.display.HTML',
]);

function pythonFixes(ctx: FixContext, located: Located): Fix[] {
  const value = located.expr;
  if (located.place.k !== 'arg') return [];
  const call = located.place.call;
  const arg = call.args[located.place.index];
  const name = qualifiedCallee(ctx, call.callee);
  if (!name) return [];
  if (name === 'flask.render_template_string') return arg.kind === 'pos' && located.place.index === 0 ? templateVariables(ctx, call, value) : [];
  if (!ESCAPABLE.has(name)) return [];
  const edits = escapeEdits(ctx, value);
  if (!edits.length) return [];
  const imp = pythonImportEdit(ctx, ['markupsafe']);
  if (imp) edits.push(imp);
  return [{ title: 'Escape the output with markupsafe.escape() before it is rendered as HTML', edits, isPreferred: true }];
}

/** Each value placed in the HTML is escaped: the values of an f-string / concatenation, else the whole argument. */
function escapeEdits(ctx: FixContext, value: Expr): TextEdit[] {
  const wrap = (e: Expr): TextEdit => replaceSpan(e.span, `markupsafe.escape(${sliceOf(ctx.text, e.span)})`);
  // `markdown.markdown(reply)`: escape the Markdown source, so the rendered HTML keeps its formatting.
  if (value.k === 'call' && /(^|\.)markdown$/.test(sliceOf(ctx.text, value.callee.span)) && value.args[0]?.kind === 'pos') return [wrap(value.args[0].value)];
  const built = segmentsOf(ctx.text, value, 'python');
  if (built) return built.segments.flatMap((s) => (s.k === 'expr' ? [wrap(s.expr)] : []));
  if (value.k === 'str' || (value.k === 'op' && (value.op === '+' || value.op === '%'))) return [];
  return [wrap(value)];
}

/** `render_template_string(f"<p>{answer}</p>")` -> `render_template_string("<p>{{ answer }}</p>", answer=answer)`. */
function templateVariables(ctx: FixContext, call: CallExpr, value: Expr): Fix[] {
  const built = segmentsOf(ctx.text, value, 'python');
  if (!built) return [];
  const names: string[] = [];
  let template = '';
  for (const s of built.segments) {
    if (s.k === 'text') {
      // Template syntax already in the text would mix with the variables: leave it to the user.
      if (/[{}]/.test(s.value)) return [];
      template += s.value;
    } else {
      if (s.expr.k !== 'name' || !isIdentifier(s.text)) return [];
      template += `{{ ${s.text} }}`;
      if (!names.includes(s.text)) names.push(s.text);
    }
  }
  if (!names.length) return [];
  const taken = new Set(call.args.filter((a) => a.kind === 'kw').map((a) => a.name));
  if (names.some((n) => taken.has(n)) || call.args.some((a) => a.kind === 'starstar')) return [];
  const newText = `${pyLiteral(template, built.quote)}, ${names.map((n) => `${n}=${n}`).join(', ')}`;
  return [{ title: 'Pass the output to the template as an autoescaped variable instead of building the template from it', edits: [replaceSpan(value.span, newText)], isPreferred: true }];
}

/** `Markup` -> `markupsafe.Markup`, `st.markdown` -> `streamlit.markdown`, through the file's imports. */
function qualifiedCallee(ctx: FixContext, callee: Expr): string | undefined {
  const parts: string[] = [];
  let cur: Expr = callee;
  while (cur.k === 'attr') {
    parts.unshift(cur.name);
    cur = cur.obj;
  }
  if (cur.k !== 'name') return undefined;
  for (const s of ctx.module.body) {
    if (s.k !== 'import') continue;
    const n = s.names.find((x) => x.local === cur.name);
    if (!n) continue;
    const base = n.imported === null ? s.module : `${s.module}.${n.imported}`;
    return [base, ...parts].join('.');
  }
  const module = moduleOfLocal(ctx.module, cur.name);
  return module ? [module, ...parts].join('.') : undefined;
}

