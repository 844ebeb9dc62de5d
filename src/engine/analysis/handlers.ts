/**
 * Web framework handlers: functions whose parameters receive request data. They are found by
 * decorator (`@app.post(...)` on a FastAPI / Flask app), by registration (`app.post(path, fn)`
 * on an Express app or router), by export name (Next.js `export async function POST(req)`),
 * by parameter annotation (`NextRequest`, `NextApiRequest`, `UploadFile`) and by convention
 * (Django views' `request` parameter in modules that import Django).
 */
import type { Pattern } from '../ir';
import type { HandlerSpec } from '../rules/catalog-model';
import type { Interpreter } from './interpreter';
import { MAX_REGEX_INPUT } from '../rules/regex-probe';
import type { FunctionRef, Taint } from './values';

/** Called with the qualified names of a decorator or of a call that receives functions. */
export function noteRouteRegistration(interp: Interpreter, refs: readonly string[], kind: 'decorator' | 'registration', fns: FunctionRef[], path?: string): void {
  if (!fns.length) return;
  for (const h of interp.rules.handlers) {
    const matcher = kind === 'decorator' ? h.decorators : h.registrations;
    if (matcher.isEmpty || !matcher.first(refs)) continue;
    for (const fn of fns) markParams(interp, fn, h.spec, typedRouteParams(path));
  }
}

function markParams(interp: Interpreter, fn: FunctionRef, spec: HandlerSpec, typedInPath: Map<string, string>): void {
  const params = fn.decl.params;
  const indices = spec.params === 'all' ? params.map((_, i) => i) : spec.params;
  for (const i of indices) {
    const p = params[i];
    if (!p || isSelf(p.pattern, i, fn)) continue;
    if (p.default && isInjectedDefault(interp, p.default, spec)) continue;
    const annotation = (p.annotation ?? '').replace(/\s+/g, '');
    // Injected dependencies (`Annotated[Session, Depends(get_db)]`) are not request data.
    if (spec.skipDefaults.some((d) => annotation.includes(`${lastPart(d)}(`))) continue;
    // Converted by the framework to a number, a UUID, a date: not text an attacker shapes.
    if (spec.skipAnnotations.includes(annotation) || spec.skipAnnotations.includes(annotation.replace(/\|None$|^Optional\[(.*)\]$/, '$1'))) continue;
    const converter = p.pattern.k === 'name' ? typedInPath.get(p.pattern.name) : undefined;
    if (converter && spec.typedConverters.includes(converter)) continue;
    const taint = handlerTaint(spec, p.span, paramName(p.pattern), fn);
    // `Query(max_length=200)`, `Field(pattern=...)`: the framework validates it before the handler runs.
    const declared = `${annotation} ${p.default ? interp.text.slice(p.default.span.start, p.default.span.end) : ''}`;
    // Rule expressions were probed on inputs of at most MAX_REGEX_INPUT characters.
    if (spec.validatedWhen && declared.length < MAX_REGEX_INPUT && new RegExp(spec.validatedWhen).test(declared)) taint.cleared.push('validation');
    interp.addContext(fn, i, [taint]);
  }
}

/** `@app.get("/pages/<int:page_id>")`: parameter names with their converters, from the route path. */
function typedRouteParams(path: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!path) return out;
  for (const m of path.matchAll(/<(\w+):(\w+)>|\{(\w+):(\w+)\}/g)) {
    if (m[1]) out.set(m[2], m[1]);
    else out.set(m[3], m[4]);
  }
  return out;
}

function lastPart(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Taints of a parameter that come from the function's own shape (exports, annotations, names). */
export function handlerParamTaints(interp: Interpreter, fn: FunctionRef, index: number): Taint[] {
  const p = fn.decl.params[index];
  if (!p || isSelf(p.pattern, index, fn)) return [];
  const out: Taint[] = [];
  for (const { spec } of interp.rules.handlers) {
    if (matchesShape(interp, fn, index, spec)) out.push(handlerTaint(spec, p.span, paramName(p.pattern), fn));
  }
  return out;
}

function matchesShape(interp: Interpreter, fn: FunctionRef, index: number, spec: HandlerSpec): boolean {
  if (!spec.languages.includes(interp.module.language === 'python' ? 'python' : 'javascript')) return false;
  const decl = fn.decl;
  const p = decl.params[index];
  const inParams = spec.params === 'all' || spec.params.includes(index);
  if (spec.exportedNames.length && decl.exported && decl.name && spec.exportedNames.includes(decl.name) && inParams) return true;
  if (spec.annotations.length && p.annotation) {
    const annotation = p.annotation.replace(/\s+/g, '');
    if (spec.annotations.some((a) => annotation === a || annotation.startsWith(`${a}<`) || annotation.endsWith(`.${a}`))) return true;
  }
  if (spec.paramNames.length && p.pattern.k === 'name' && spec.paramNames.includes(p.pattern.name)) {
    if (!spec.moduleImports.length || [...interp.moduleImports].some((m) => spec.moduleImports.some((prefix) => m === prefix || m.startsWith(`${prefix}.`)))) {
      return true;
    }
  }
  if (spec.destructured.length && decl.exported && p.pattern.k === 'object') {
    if (p.pattern.props.some((prop) => prop.key !== null && spec.destructured.includes(prop.key))) return true;
  }
  return false;
}

function isInjectedDefault(interp: Interpreter, def: NonNullable<FunctionRef['decl']['params'][number]['default']>, spec: HandlerSpec): boolean {
  if (!spec.skipDefaults.length || def.k !== 'call') return false;
  const callee = def.callee;
  const name = callee.k === 'name' ? callee.name : callee.k === 'attr' ? callee.name : '';
  void interp;
  return spec.skipDefaults.some((s) => s === name || s.endsWith(`.${name}`));
}

function isSelf(p: Pattern, index: number, fn: FunctionRef): boolean {
  return index === 0 && !!fn.owner && p.k === 'name' && (p.name === 'self' || p.name === 'cls');
}

function paramName(p: Pattern): string {
  return p.k === 'name' ? p.name : 'its argument';
}

function handlerTaint(spec: HandlerSpec, span: { start: number; end: number }, name: string, fn: FunctionRef): Taint {
  const where = fn.decl.name ? ` of ${fn.decl.name}()` : '';
  return { label: spec.label, steps: [{ span, note: `${spec.description}: parameter ${name}${where}` }], cleared: [] };
}
