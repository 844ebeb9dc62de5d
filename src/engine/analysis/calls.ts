/**
 * Everything that happens at a call: local functions apply their summaries; known calls are
 * LLM call sites (prompt sinks, output sources), sources of untrusted data, sanitizers, sinks,
 * checks and model loads; the rest propagate their receiver's and arguments' data.
 */
import type { Arg, CallExpr, Expr } from '../ir';
import type { Span } from '../span';
import type { ArgCondition } from '../rules/model';
import type { ArgRef, LlmCallSpec, Provider } from '../rules/catalog-model';
import type { Frame, Interpreter } from './interpreter';
import { attrOf } from './expressions';
import { bind } from './statements';
import { noteRouteRegistration } from './handlers';
import { normaliseModule } from './qualified-names';
import {
  EMPTY,
  appendItem,
  clear,
  constantValue,
  deepTaints,
  elementOf,
  flatten,
  join,
  mergeTaints,
  refValue,
  setField,
  withSpan,
  type FunctionRef,
  type Taint,
  type Value,
} from './values';

export interface CallInfo {
  expr: CallExpr;
  recv?: Value;
  callee: Value;
  values: Value[];
  method?: string;
  /** The called name as written (`system`, `execute`). */
  name?: string;
  refs: string[];
}

export interface FoundArg {
  value: Value;
  span: Span;
}

export const MUTATORS = new Set(['append', 'push', 'unshift', 'insert', 'add', 'extend', 'update', 'set', 'setdefault', 'appendleft', 'concat']);
const ELEMENT_CALLBACKS = new Set(['map', 'forEach', 'filter', 'flatMap', 'find', 'some', 'every', 'findIndex', 'findLast']);
const PATH_BUILDERS = /(^|\.)(os\.path\.(join|abspath|expanduser|dirname)|pathlib\.Path|path\.(join|resolve))(\(\))?$/;
const SHA = /^[0-9a-f]{40}$/;

export function evalCall(interp: Interpreter, e: CallExpr, frame: Frame): Value {
  const calleeExpr = e.callee;
  let recv: Value | undefined;
  let callee: Value;
  let method: string | undefined;
  if (calleeExpr.k === 'attr') {
    recv = interp.evalExpr(calleeExpr.obj, frame);
    callee = attrOf(interp, recv, calleeExpr.name, calleeExpr.span, frame, calleeExpr.obj);
    method = calleeExpr.name;
  } else {
    callee = interp.evalExpr(calleeExpr, frame);
  }
  const values = interp.evalArgs(e.args, frame);
  const name = calleeExpr.k === 'name' ? calleeExpr.name : method;

  // CommonJS and dynamic imports name a module.
  if (calleeExpr.k === 'name' && (name === 'require' || name === 'import') && !callee.fn && typeof values[0]?.constant === 'string') {
    return refValue([normaliseModule(values[0].constant)], e.span);
  }

  const call: CallInfo = { expr: e, recv, callee, values, method, name, refs: callee.refs };
  if (calleeExpr.k === 'index') checkComputedCall(interp, calleeExpr, frame);

  if (callee.fn) {
    const bound = calleeExpr.k === 'attr';
    const returned = interp.applySummary(callee.fn, e.args, values, e.span, frame, bound, bound ? recv : undefined, bound ? calleeExpr.obj : undefined);
    // A function the code calls a validator (`sanitize_question`) is one, wherever it is defined.
    const kind = name ? interp.rules.sanitizerForCall([], name) : undefined;
    return kind ? clear(returned, kind) : returned;
  }
  if (callee.cls) return construct(interp, call, frame);

  checkSinks(interp, call, frame);
  checkCalls(interp, call);
  noteModelLoad(interp, call);
  const fns = values.map((v) => v.fn).filter((f): f is FunctionRef => !!f);
  if (fns.length) noteRouteRegistration(interp, call.refs, 'registration', fns);
  const fromCallback = runCallbacks(interp, call, frame);
  mutateReceiver(interp, call, frame);

  const llm = interp.rules.llmCallFor(call.refs);
  if (llm) return llmCall(interp, call, llm.call.provider, llm.call.spec, llm.ref, frame);

  // `const run = promisify(exec)`: the wrapper is the function it wraps.
  if (values[0] && interp.rules.wrappers.first(call.refs)) return { ...values[0], span: e.span };
  let result = fromCallback ?? defaultResult(call);
  const source = interp.rules.sourceForCall(call.refs);
  if (source) {
    const taint: Taint = { label: source.label, steps: [{ span: e.span, note: source.description }], cleared: [] };
    result = { ...result, taints: mergeTaints(result.taints, [taint]) };
  }
  const kind = sanitizerKind(interp, call);
  if (kind) result = clear(result, kind);
  if (interp.rules.clientConstructors.first(call.refs)) result = { ...result, meta: clientMeta(call) };
  return result;
}

/** Data flows from the receiver and the arguments to the result, unless a rule says otherwise. */
function defaultResult(call: CallInfo): Value {
  const e = call.expr;
  // `d.get("key")` on a dict with known fields.
  if (call.method === 'get' && call.recv?.fields?.size) {
    const key = call.values[0]?.constant;
    const field = typeof key === 'string' ? call.recv.fields.get(key) : undefined;
    if (field) return withSpan(call.values[1] ? join(field, call.values[1]) : field, e.span);
    // An unknown key selects one of the known values (`PERSONAS.get(style, DEFAULT)`).
    if (key === undefined && !call.recv.taints.length && !call.recv.refs.length) {
      return withSpan(joinAllValues([...call.recv.fields.values(), ...(call.values[1] ? [call.values[1]] : [])]), e.span);
    }
  }
  let taints: Taint[] = call.recv ? deepTaints(call.recv) : [];
  for (const v of call.values) if (!v.fn) taints = mergeTaints(taints, deepTaints(v));
  const result: Value = { taints, refs: call.refs.map((r) => `${r}()`), span: e.span, meta: call.recv?.meta };
  // `prompt.pipe(model)` (LangChain JS), like `prompt | model`: the chain is all of its parts.
  if (call.method === 'pipe' && call.recv) return { ...join(call.recv, joinAllValues(call.values)), span: e.span };
  // `ChatPromptTemplate.from_messages([...])` keeps its messages (and their roles).
  if ((call.method === 'from_messages' || call.method === 'fromMessages') && call.values[0]?.items) return { ...result, items: call.values[0].items };
  // `ChatMessage(role="system", content=x)`: keyword arguments of a constructor become fields.
  if (/^[A-Z]/.test(call.name ?? '')) {
    let withFields = result;
    call.expr.args.forEach((a, i) => {
      if (a.kind === 'kw' && a.name) withFields = setField(withFields, a.name, call.values[i]);
    });
    return withFields;
  }
  return result;
}

function joinAllValues(values: Value[]): Value {
  return values.reduce((acc, v) => join(acc, v), EMPTY);
}

function sanitizerKind(interp: Interpreter, call: CallInfo): string | undefined {
  const kind = interp.rules.sanitizerForCall(call.refs, call.name);
  if (kind) return kind;
  // `Model.model_validate(data)` on a pydantic model.
  if (call.recv?.cls && interp.rules.validatingBases.first(call.recv.cls.baseRefs)) return 'validation';
  return undefined;
}

function construct(interp: Interpreter, call: CallInfo, frame: Frame): Value {
  const cls = call.callee.cls!;
  const ctor = cls.methods.get('__init__') ?? cls.methods.get('constructor');
  const instance = interp.constructInstance(cls, ctor, call.expr.args, call.values, call.expr.span, frame);
  // A validating model (pydantic) holds checked data.
  if (interp.rules.validatingBases.first(cls.baseRefs)) return { ...instance, fields: undefined };
  // Without a constructor (dataclasses, plain records) the object holds what it was given.
  if (ctor) return instance;
  let taints: Taint[] = [];
  for (const v of call.values) taints = mergeTaints(taints, deepTaints(v));
  return { ...instance, taints };
}

// ------------------------------------------------------------------ arguments

/** An argument by keyword (Python), by position, or as a property of an options object (JS). */
export function argValue(call: CallInfo, ref: ArgRef): FoundArg | undefined {
  if (ref.arg?.includes('.')) {
    // `configuration.baseURL`: a property of a nested options object.
    const [head, ...rest] = ref.arg.split('.');
    let found = argValue(call, { arg: head });
    for (const key of rest) {
      const field = found?.value.fields?.get(key);
      found = field ? { value: field, span: field.span ?? found!.span } : undefined;
    }
    return found;
  }
  const args = call.expr.args;
  if (ref.arg) {
    const kw = args.findIndex((a) => a.kind === 'kw' && a.name === ref.arg);
    if (kw >= 0) return { value: call.values[kw], span: args[kw].value.span };
  }
  if (ref.pos !== undefined) {
    let pos = -1;
    for (let i = 0; i < args.length; i++) {
      if (args[i].kind !== 'pos') continue;
      if (++pos === ref.pos) return { value: call.values[i], span: args[i].value.span };
    }
  }
  if (ref.arg) {
    for (let i = args.length - 1; i >= 0; i--) {
      const a = args[i];
      if (a.kind === 'kw') continue;
      const field = call.values[i].fields?.get(ref.arg);
      if (field) return { value: field, span: fieldSpan(a, ref.arg) ?? field.span ?? a.value.span };
    }
    const spread = args.findIndex((a) => a.kind === 'starstar');
    if (spread >= 0) return { value: flatten(call.values[spread]), span: args[spread].value.span };
  }
  return undefined;
}

function fieldSpan(a: Arg, key: string): Span | undefined {
  if (a.value.k !== 'dict') return undefined;
  const entry = a.value.entries.find((en) => en.key === key);
  return entry?.value.span;
}

function conditionHolds(c: ArgCondition, call: CallInfo): boolean {
  const found = argValue(call, typeof c.arg === 'number' ? { pos: c.arg } : { arg: c.arg });
  if (c.absent !== undefined) return c.absent ? !found : !!found;
  if (c.equals !== undefined) return !!found && found.value.constant === c.equals;
  if (c.notConstantIn) return !found || found.value.constant === undefined || !c.notConstantIn.includes(found.value.constant as string | boolean);
  if (c.matches) return !!found && typeof found.value.constant === 'string' && found.value.constant.length < 4096 && new RegExp(c.matches).test(found.value.constant);
  if (c.refIs) return !!found && found.value.refs.some((r) => c.refIs!.includes(r));
  return !!found;
}

function conditionsMet(when: ArgCondition[] | undefined, unless: ArgCondition[] | undefined, call: CallInfo): boolean {
  if (when && !when.every((c) => conditionHolds(c, call))) return false;
  if (unless && unless.some((c) => conditionHolds(c, call))) return false;
  return true;
}

function calleeText(interp: Interpreter, call: CallInfo): string {
  const span = call.expr.callee.span;
  const text = interp.text.slice(span.start, span.end).replace(/\s+/g, '');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// ------------------------------------------------------------------ sinks and checks

function checkSinks(interp: Interpreter, call: CallInfo, frame: Frame): void {
  const recvName = receiverName(call.expr.callee);
  const sinks = interp.rules.sinksForCall(call.refs, call.method, call.recv?.refs ?? [], recvName);
  if (!sinks.length) return;
  const display = calleeText(interp, call);
  for (const sink of sinks) {
    const spec = sink.spec;
    if (!conditionsMet(spec.when, spec.unless, call)) continue;
    if (spec.unlessArgIsFixedCommand && isFixedCommand(call)) continue;
    if (spec.unlessFixedOrigin) {
      const urlArg = call.expr.args.find((a) => a.kind === 'pos')?.value;
      if (urlArg && hasFixedOrigin(interp, urlArg)) continue;
    }
    const targets: FoundArg[] = [];
    for (const pos of spec.args ?? []) {
      const found = argValue(call, { pos });
      if (found) targets.push(found);
    }
    for (const kw of spec.kwargs ?? []) {
      const found = argValue(call, { arg: kw });
      if (found && !targets.some((t) => t.value === found.value)) targets.push(found);
    }
    if (spec.receiver && call.recv && call.expr.callee.k === 'attr') targets.push({ value: call.recv, span: call.expr.callee.obj.span });
    if (!spec.args && !spec.kwargs && !spec.receiver) {
      call.expr.args.forEach((a, i) => targets.push({ value: call.values[i], span: a.value.span }));
    }
    for (const target of targets) {
      // `pool.query({ text, values })`: only the SQL text is the sink, not the parameters.
      const value = spec.objectFields && target.value.fields ? pickFields(target.value, spec.objectFields) : target.value;
      for (const t of deepTaints(value)) {
        interp.hit({ ruleId: sink.rule.spec.id, sinkSpan: target.span, sinkNote: `passed to ${display}()`, taint: t, sinkLabel: spec.label }, frame);
      }
    }
  }
}

/**
 * `handlers[name](...)`: the model picks what is called. A Python dict literal only reaches its
 * own entries, so it is an explicit table; a JS object literal also reaches inherited members
 * (`constructor`, `__proto__`), so there the key must be checked (`name in TOOLS`, `Object.hasOwn`).
 */
function checkComputedCall(interp: Interpreter, callee: Extract<Expr, { k: 'index' }>, frame: Frame): void {
  const sinks = interp.rules.computedCallSinks;
  if (!sinks.length) return;
  const table = interp.evalExpr(callee.obj, frame);
  if (table.fields && !table.refs.length && interp.module.language === 'python') return;
  const key = interp.evalExpr(callee.index, frame);
  for (const sink of sinks) {
    for (const t of deepTaints(key)) {
      interp.hit({ ruleId: sink.rule.spec.id, sinkSpan: callee.index.span, sinkNote: 'used to choose the function that is called', taint: t, sinkLabel: sink.spec.label }, frame);
    }
  }
}

function pickFields(v: Value, keys: string[]): Value {
  return { taints: v.taints, refs: [], items: keys.map((k) => v.fields?.get(k)).filter((f): f is Value => !!f), span: v.span };
}

function receiverName(callee: Expr): string | undefined {
  if (callee.k !== 'attr') return undefined;
  const o = callee.obj;
  if (o.k === 'name') return o.name;
  if (o.k === 'attr') return o.name;
  return undefined;
}

/** `["git", "log", x]`, `execFile("git", [...])`: the program is fixed, so the model cannot choose what runs. */
function isFixedCommand(call: CallInfo): boolean {
  const first = argValue(call, { pos: 0, arg: 'args' });
  if (!first) return false;
  if (typeof first.value.constant === 'string') return true;
  const head = first.value.items?.[0];
  return !!head && typeof head.constant === 'string';
}

/** `https://api.example.com/items/${x}`: the host is fixed, only the path or query varies. */
function hasFixedOrigin(interp: Interpreter, e: Expr): boolean {
  let start: number | undefined;
  if (e.k === 'str') start = e.span.start;
  else if (e.k === 'op' && e.op === '+' && e.args[0]?.k === 'str') start = e.args[0].span.start;
  if (start === undefined) return false;
  const head = interp.text.slice(start, start + 300).replace(/^[a-zA-Z]*['"`]/, '');
  return /^https?:\/\/[^/'"`{}$\s]+\//.test(head);
}

function checkCalls(interp: Interpreter, call: CallInfo): void {
  const checks = interp.rules.checksForCall(call.refs, call.method, call.recv?.refs ?? []);
  for (const check of checks) {
    if (!conditionsMet(check.spec.when, check.spec.unless, call)) continue;
    const report = check.spec.report;
    let span = call.expr.span;
    let argSpan: Span | undefined;
    if (report !== 'call') {
      const found = argValue(call, typeof report === 'number' ? { pos: report } : { arg: report });
      if (found) span = argSpan = found.span;
    }
    interp.emitCheck({ ruleId: check.rule.spec.id, span, detail: check.spec.label ?? '', argSpan, callSpan: call.expr.span });
  }
}

function noteModelLoad(interp: Interpreter, call: CallInfo): void {
  const loader = interp.rules.modelLoaderFor(call.refs);
  if (!loader) return;
  const spec = loader.spec;
  const nameArg = spec.name ? argValue(call, spec.name) : undefined;
  const revArg = spec.revision ? argValue(call, { arg: spec.revision }) : undefined;
  const name = typeof nameArg?.value.constant === 'string' ? nameArg.value.constant : null;
  const revision = typeof revArg?.value.constant === 'string' ? revArg.value.constant : null;
  const trust = argValue(call, { arg: 'trust_remote_code' });
  interp.emitModelSource({
    kind: spec.kind,
    name,
    api: loader.ref,
    revision,
    pinned: revision !== null && SHA.test(revision),
    trustRemoteCode: trust?.value.constant === true,
    span: call.expr.span,
    callSpan: call.expr.span,
    isLocal: isLocalPath(nameArg?.value) || (name !== null && spec.localNames.includes(name)),
    revisionUnknown: !!revArg && revision === null,
  });
}

function isLocalPath(v: Value | undefined): boolean {
  if (!v) return false;
  if (typeof v.constant === 'string') return /^(\.{1,2}[\\/]|[\\/]|~[\\/]|[A-Za-z]:[\\/])/.test(v.constant) || /\.(safetensors|bin|pt|pth|ckpt|onnx|gguf)$/i.test(v.constant);
  return v.refs.some((r) => PATH_BUILDERS.test(r));
}

// ------------------------------------------------------------------ LLM calls

function llmCall(interp: Interpreter, call: CallInfo, provider: Provider, spec: LlmCallSpec, api: string, frame: Frame): Value {
  const e = call.expr;
  // A prompt template (`ChatPromptTemplate.from_messages([("system", "You are {role}"), ...])`) in
  // the chain: the variables of the input go where the template puts them.
  const templateVars = call.recv && e.callee.k === 'attr' ? templateVariables(call.recv) : undefined;
  for (const part of spec.prompt) {
    const found = part.receiver
      ? call.recv && e.callee.k === 'attr'
        ? { value: call.recv, span: e.callee.obj.span }
        : undefined
      : argValue(call, part);
    if (!found) continue;
    const pieces =
      templateVars?.size && !part.receiver && found.value.fields
        ? [...found.value.fields].map(([key, value]) => ({ value, position: templateVars.get(key) ?? part.position }))
        : part.shape === 'messages'
          ? splitMessages(found.value, part.position)
          : [{ value: found.value, position: part.position }];
    for (const piece of pieces) {
      for (const t of deepTaints(piece.value)) {
        const at = locate(piece.value, t);
        const sinkSpan = at && (part.receiver || within(at, e.span)) ? at : found.span;
        const where = piece.position === 'system' ? 'placed in the system prompt of' : 'sent in the prompt of';
        for (const pr of interp.rules.promptRules) {
          if (pr.position !== 'any' && pr.position !== piece.position) continue;
          interp.hit({ ruleId: pr.rule.spec.id, sinkSpan, sinkNote: `${where} ${provider.name} ${displayApi(api)}`, taint: t, position: piece.position }, frame);
        }
      }
    }
  }
  if (spec.kind === 'config') return defaultResult(call);
  const modelArg = spec.model ? argValue(call, spec.model) : undefined;
  const streamArg = spec.streaming && spec.streaming !== 'always' ? argValue(call, { arg: spec.streaming }) : undefined;
  interp.emitCallSite({
    provider: provider.id,
    sdk: sdkOf(provider, api),
    api,
    model: typeof modelArg?.value.constant === 'string' ? modelArg.value.constant : (call.recv?.meta?.model ?? modelArg?.value.meta?.model ?? null),
    endpoint: call.recv?.meta?.endpoint ?? null,
    streaming: spec.streaming === 'always' || streamArg?.value.constant === true,
    span: e.span,
  });
  const output: Taint = { label: 'llm-output', steps: [{ span: e.span, note: `the response of ${provider.name} ${displayApi(api)}` }], cleared: [] };
  return { taints: [output], refs: call.refs.map((r) => `${r}()`), span: e.span, meta: call.recv?.meta };
}

/** `openai.OpenAI().chat.completions.create` -> `chat.completions.create()`: the part a reader recognises. */
function displayApi(api: string): string {
  const afterClient = api.lastIndexOf('().');
  const tail = afterClient >= 0 ? api.slice(afterClient + 3) : api.slice(api.lastIndexOf('.') + 1);
  return `${tail.replace(/\(\)$/, '') || api}()`;
}

function sdkOf(provider: Provider, api: string): string {
  return provider.sdks.find((s) => api === s || api.startsWith(`${s}.`) || api.startsWith(`${s}(`)) ?? provider.sdks[0];
}

interface PromptPiece {
  value: Value;
  position: 'system' | 'user';
}

/** A message list: items with a system / developer role (or SystemMessage objects) are the system position. */
function splitMessages(v: Value, position: 'system' | 'user'): PromptPiece[] {
  if (!v.items) return [{ value: v, position }];
  const out: PromptPiece[] = [{ value: { taints: v.taints, refs: [], span: v.span }, position }];
  for (const item of v.items) out.push({ value: item, position: isSystemMessage(item) ? 'system' : position });
  return out;
}

/** The `{variables}` of a chain's template messages, with the position of the message using each. */
function templateVariables(chain: Value): Map<string, 'system' | 'user'> | undefined {
  if (!chain.items?.length) return undefined;
  const vars = new Map<string, 'system' | 'user'>();
  for (const item of chain.items) {
    const text = item.items?.[1]?.constant ?? item.fields?.get('content')?.constant ?? item.fields?.get('template')?.constant;
    if (typeof text !== 'string') continue;
    const position = isSystemMessage(item) ? 'system' : 'user';
    for (const m of text.matchAll(/\{\{?\s*([A-Za-z_]\w*)\s*\}?\}/g)) if (vars.get(m[1]) !== 'system') vars.set(m[1], position);
  }
  return vars;
}

function isSystemMessage(item: Value): boolean {
  const role = item.fields?.get('role')?.constant;
  if (role === 'system' || role === 'developer') return true;
  const first = item.items?.[0]?.constant;
  if (first === 'system' || first === 'developer') return true;
  return item.refs.some((r) => /SystemMessage(PromptTemplate\.from_template)?\(\)$/.test(r));
}

/** The innermost part of a value that carries a taint: where the finding is shown. */
function locate(v: Value, t: Taint, depth = 0): Span | undefined {
  if (v.taints.includes(t)) return v.span;
  if (depth > 6) return undefined;
  for (const f of v.fields?.values() ?? []) {
    const s = locate(f, t, depth + 1);
    if (s) return s;
  }
  for (const i of v.items ?? []) {
    const s = locate(i, t, depth + 1);
    if (s) return s;
  }
  return undefined;
}

function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

function clientMeta(call: CallInfo): Value['meta'] {
  const model = ['model', 'model_name', 'modelId', 'model_id', 'modelName'].map((arg) => argValue(call, { arg, pos: 0 })).find((f) => typeof f?.value.constant === 'string');
  const endpoint = ['base_url', 'baseURL', 'endpoint', 'host', 'api_base', 'azure_endpoint', 'baseUrl'].map((arg) => argValue(call, { arg })).find((f) => typeof f?.value.constant === 'string');
  return { model: model?.value.constant as string | undefined, endpoint: endpoint?.value.constant as string | undefined };
}

// ------------------------------------------------------------------ callbacks and mutation

/** `p.then(r => ...)`, `xs.map(x => ...)`, `stream.on('text', t => ...)`: run the callback with what it receives. */
function runCallbacks(interp: Interpreter, call: CallInfo, frame: Frame): Value | undefined {
  const method = call.method;
  if (!method || !call.recv) return undefined;
  const fnIndex = call.values.findIndex((v) => v.fn);
  if (fnIndex < 0) return undefined;
  const fn = call.values[fnIndex].fn!;
  const span = call.expr.span;
  if (method === 'then') return interp.runCallback(fn, [call.recv], frame);
  if (method === 'on' || method === 'once' || method === 'addListener') {
    if (deepTaints(call.recv).length) interp.runCallback(fn, [flatten(call.recv)], frame);
    return undefined;
  }
  if (ELEMENT_CALLBACKS.has(method)) {
    const element = elementOf(call.recv, false, span, false);
    const ret = interp.runCallback(fn, [element, EMPTY, call.recv], frame);
    if (method === 'map' || method === 'flatMap') return { taints: [], refs: [], items: [ret], span };
    if (method === 'filter') return { ...call.recv, span };
    if (method === 'find' || method === 'findLast') return withSpan(element, span);
    return constantValue(null, span);
  }
  if (method === 'reduce') return interp.runCallback(fn, [call.values[fnIndex + 1] ?? EMPTY, elementOf(call.recv, false, span, false)], frame);
  return undefined;
}

/** `messages.append({...})`, `history.push(x)`, `d.update(...)`: the receiver's variable changes. */
function mutateReceiver(interp: Interpreter, call: CallInfo, frame: Frame): void {
  const callee = call.expr.callee;
  if (!call.method || !MUTATORS.has(call.method) || !call.recv || callee.k !== 'attr') return;
  if (call.method === 'concat') return;
  const last = call.values[call.values.length - 1];
  if (!last) return;
  let updated: Value;
  switch (call.method) {
    case 'extend':
      updated = { ...call.recv, items: [...(call.recv.items ?? []), ...(last.items ?? [flatten(last)])].slice(0, 24) };
      break;
    case 'update': {
      updated = call.recv;
      for (const [k, f] of last.fields ?? []) updated = setField(updated, k, f);
      if (!last.fields) updated = { ...updated, taints: mergeTaints(updated.taints, deepTaints(last)) };
      break;
    }
    case 'set':
    case 'setdefault': {
      const key = call.values[0]?.constant;
      updated = typeof key === 'string' ? setField(call.recv, key, last) : { ...call.recv, taints: mergeTaints(call.recv.taints, deepTaints(last)) };
      break;
    }
    default:
      updated = appendItem(call.recv, last);
  }
  const target = callee.obj;
  // The same object changes wherever it is bound, including a closure's variable.
  if (target.k === 'name') frame.env.assignExisting(target.name, updated);
  else if (target.k === 'attr') bind(interp, { k: 'attr', obj: target.obj, name: target.name, span: target.span }, updated, frame);
}

