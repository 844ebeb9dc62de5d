/**
 * llm-output-html-injection: render the output as text, or sanitise it.
 * JS: `el.innerHTML = x` -> `el.textContent = x` (preferred) or `DOMPurify.sanitize(x)`;
 * `insertAdjacentHTML` -> `insertAdjacentText`; jQuery `.html(x)` -> `.text(x)`;
 * `dangerouslySetInnerHTML={{ __html: x }}` -> `{{ __html: DOMPurify.sanitize(x) }}`. When the
 * value is markup (a template with tags, Markdown rendered to HTML), sanitising comes first:
 * as text, the tags would show.
 * Python: the values placed in HTML escaped with `markupsafe.escape(...)` (`Markup`,
 * `HTMLResponse`, Streamlit / Gradio HTML); Streamlit text without markup loses
 * `unsafe_allow_html=True`; `render_template_string(f"...{x}...")` passes `x` to the template as an
 * autoescaped variable. Markdown rendered to HTML is cleaned with bleach / nh3 when the file uses
 * one; escaping it would break its formatting, so otherwise it gets nothing, and so does a plain
 * template variable (escaping does not stop template syntax).
 */
import type { CallExpr, Expr } from '../ir';
import type { Fix, TextEdit } from '../findings';
import type { FixContext } from './index';
import { assignWithTarget, placeOf, type Located } from './ir-index';
import { hasPythonImport, jsDefaultImport, moduleOfLocal, pythonImportEdits } from './imports';
import { isIdentifier, removeListItem, replaceSpan, sliceOf } from './edits';
import { pyLiteral, segmentsOf } from './string-parts';

const DOMPURIFY = ['dompurify', 'isomorphic-dompurify'];
const JQUERY_INSERTS = new Set(['append', 'prepend', 'after', 'before', 'replaceWith']);
const MARKDOWN_RENDERER = /markdown|marked|mistune|commonmark|showdown|micromark|snarkdown|remark|(^|\.)md\.render/i;

export function htmlSafe(ctx: FixContext): Fix[] {
  const span = { start: ctx.finding.location.startOffset, end: ctx.finding.location.endOffset };
  const at = placeOf(ctx.module, span);
  if (!at) return [];
  return ctx.language === 'python' ? pythonFixes(ctx, at) : jsFixes(ctx, at);
}

/** Markup rather than text: a string built with tags, or Markdown rendered to HTML here or in an assignment on the flow. */
function isMarkup(ctx: FixContext, value: Expr): boolean {
  const built = segmentsOf(ctx.text, value, ctx.language);
  if (built?.segments.some((s) => s.k === 'text' && /<[A-Za-z/]/.test(s.value))) return true;
  return rendererIn(ctx, value) !== undefined;
}

/** The Markdown renderer call that produced the value: the value itself or a value assigned on the flow. */
function rendererIn(ctx: FixContext, value: Expr): CallExpr | undefined {
  const renderer = (e: Expr): CallExpr | undefined => {
    const inner = e.k === 'await' ? e.expr : e;
    return inner.k === 'call' && MARKDOWN_RENDERER.test(sliceOf(ctx.text, inner.callee.span)) ? inner : undefined;
  };
  const direct = renderer(value);
  if (direct) return direct;
  for (const step of ctx.finding.flow) {
    if (step.kind !== 'step') continue;
    const assign = assignWithTarget(ctx.module, { start: step.location.startOffset, end: step.location.endOffset });
    const found = assign && renderer(assign.value);
    if (found) return found;
  }
  return undefined;
}

// ------------------------------------------------------------------ JavaScript

function jsFixes(ctx: FixContext, located: Located): Fix[] {
  const { expr: value, place } = located;
  const markup = isMarkup(ctx, value);
  const asText = (title: string, edit: TextEdit): Fix[] => {
    const text: Fix = { title, edits: [edit], isPreferred: !markup };
    const purify = purifyFix(ctx, value, markup);
    return markup ? [purify, text] : [text, purify];
  };
  if (place.k === 'assign-value' && place.stmt.target.k === 'attr') {
    const prop = place.stmt.target.name;
    if (prop !== 'innerHTML' && prop !== 'outerHTML') return [];
    const nameStart = place.stmt.target.span.end - prop.length;
    if (prop === 'innerHTML' && ctx.text.slice(nameStart, place.stmt.target.span.end) === prop) {
      return asText('Insert the output as text with textContent instead of innerHTML', replaceSpan({ start: nameStart, end: place.stmt.target.span.end }, 'textContent'));
    }
    return [purifyFix(ctx, value, true)];
  }
  if (place.k === 'arg' && place.call.callee.k === 'attr') {
    const method = place.call.callee.name;
    const nameSpan = place.call.callee.nameSpan;
    if (method === 'insertAdjacentHTML' && place.index === 1) return asText('Insert the output as text with insertAdjacentText() instead of insertAdjacentHTML()', replaceSpan(nameSpan, 'insertAdjacentText'));
    if (method === 'html' && place.index === 0) return asText('Insert the output as text with .text() instead of .html()', replaceSpan(nameSpan, 'text'));
    if ((JQUERY_INSERTS.has(method) && place.index === 0) || ((method === 'write' || method === 'writeln') && place.index === 0)) return [purifyFix(ctx, value, true)];
    return [];
  }
  if (place.k === 'jsx-attr' && place.attr.name === 'dangerouslySetInnerHTML' && value.k === 'dict') {
    const entry = value.entries.find((e) => e.key === '__html' && !e.spread);
    return entry ? [purifyFix(ctx, entry.value, true)] : [];
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
const STREAMLIT_TEXT = new Set(['streamlit.markdown', 'streamlit.write', 'streamlit.caption']);

function pythonFixes(ctx: FixContext, located: Located): Fix[] {
  const value = located.expr;
  if (located.place.k !== 'arg') return [];
  const call = located.place.call;
  const index = located.place.index;
  const name = qualifiedCallee(ctx, call.callee);
  if (!name) return [];
  if (name === 'flask.render_template_string') return call.args[index].kind === 'pos' && index === 0 ? templateVariables(ctx, call, value) : [];
  if (!ESCAPABLE.has(name)) return [];

  if (rendererIn(ctx, value)) return cleanRenderedMarkdown(ctx, value);
  const built = segmentsOf(ctx.text, value, 'python');
  if (STREAMLIT_TEXT.has(name) && !isMarkup(ctx, value)) {
    const flag = call.args.findIndex((a) => a.kind === 'kw' && a.name === 'unsafe_allow_html');
    const removed = flag >= 0 ? removeListItem(call.args.map((a) => a.span), flag) : undefined;
    if (removed) return [{ title: 'Render the output as Markdown text: remove unsafe_allow_html=True', edits: [removed], isPreferred: true }];
  }
  const wrap = (e: Expr): TextEdit => replaceSpan(e.span, `markupsafe.escape(${sliceOf(ctx.text, e.span)})`);
  let edits: TextEdit[];
  if (built) edits = built.segments.flatMap((s) => (s.k === 'expr' ? [wrap(s.expr)] : []));
  else if (value.k === 'str' || (value.k === 'op' && (value.op === '+' || value.op === '%'))) return [];
  else edits = [wrap(value)];
  if (!edits.length) return [];
  edits.push(...pythonImportEdits(ctx, ['markupsafe']));
  return [{ title: 'Escape the output with markupsafe.escape() before it is rendered as HTML', edits, isPreferred: true }];
}

/** HTML rendered from Markdown keeps its formatting through an HTML sanitiser the file already uses. */
function cleanRenderedMarkdown(ctx: FixContext, value: Expr): Fix[] {
  const cleaner = hasPythonImport(ctx.module, 'nh3') ? 'nh3' : hasPythonImport(ctx.module, 'bleach') ? 'bleach' : undefined;
  if (!cleaner) return [];
  return [{ title: `Clean the rendered HTML with ${cleaner}.clean() before it is marked safe`, edits: [replaceSpan(value.span, `${cleaner}.clean(${sliceOf(ctx.text, value.span)})`)], isPreferred: true }];
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
  const local = cur.name;
  for (const s of ctx.module.body) {
    if (s.k !== 'import') continue;
    const n = s.names.find((x) => x.local === local);
    if (!n) continue;
    const base = n.imported === null ? s.module : `${s.module}.${n.imported}`;
    return [base, ...parts].join('.');
  }
  const module = moduleOfLocal(ctx.module, local);
  return module ? [module, ...parts].join('.') : undefined;
}
