/**
 * Tree-sitter parsing with web-tree-sitter. Grammars load lazily, the first time a file of
 * that language is parsed, so activation stays cheap.
 *
 * Every parse gets a new parser (no measurable cost: BENCHMARKS.md): fuzzing found that after a
 * parse stopped by its limits, `reset()` left state behind that made a later parse trap ("memory
 * access out of bounds"). Worse, a few texts damage the WebAssembly heap itself, so that a later
 * parse in the thread loops where no callback runs. The one such text found overflows
 * Tree-sitter's C stack, which a canary shows right after that parse (parser-stack.ts): the
 * runtime is then given up, as after an abort. For any other, only the pool's watchdog can end
 * the loop (pool.ts, SECURITY.md).
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { Parser, Language, type Tree } from 'web-tree-sitter';
import type { LanguageId } from './ir';
import { GRAMMAR_FILES } from './languages';
import { enableDirectCursors } from './lower/fast-cursor';
import { StackCanary } from './parser-stack';

let grammarDir = defaultGrammarDir();
let initPromise: Promise<void> | undefined;
/** The options given to Parser.init, which the emscripten runtime fills in as its module object. */
let binding: Record<string, unknown> | undefined;
let cursorsChecked = false;
/**
 * Set when the WebAssembly runtime aborted (Tree-sitter's allocator found its 2 GB heap full) or
 * trapped: it cannot be used again, and web-tree-sitter keeps its module for the thread's life.
 */
let runtimeLost = false;
/** Shows that Tree-sitter's C stack overflowed (parser-stack.ts); undefined if its bounds were not found. */
let stackCanary: StackCanary | undefined;
let stackChecked = true;
const languages = new Map<LanguageId, Promise<Language>>();

/** grammars/ next to the bundle (out/../grammars) or next to the sources (src/engine/../../grammars). */
function defaultGrammarDir(): string {
  const candidates = [path.join(__dirname, '..', 'grammars'), path.join(__dirname, '..', '..', 'grammars')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, GRAMMAR_FILES.python))) ?? candidates[0];
}

export function setGrammarDir(dir: string): void {
  grammarDir = dir;
}

export function getGrammarDir(): string {
  return grammarDir;
}

function init(): Promise<void> {
  if (!initPromise) {
    binding = {
      locateFile: (name: string) => path.join(grammarDir, name),
      onAbort: () => {
        runtimeLost = true;
      },
      // The abort's own message comes back as ParserLostError; anything else the runtime prints stays visible.
      printErr: (text: string) => {
        if (!text.startsWith('Aborted(')) console.error(text);
      },
      // emscripten's hook for instantiating the module ourselves: its imports say where the C stack is.
      instantiateWasm: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
        stackCanary = StackCanary.fromImports(imports);
        WebAssembly.instantiate(fs.readFileSync(path.join(grammarDir, 'web-tree-sitter.wasm')), imports).then(
          ({ instance, module }) => done(instance, module),
          (err: unknown) => failInit(err),
        );
        return {};
      },
    };
    let failInit: (err: unknown) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (failInit = reject));
    initPromise = Promise.race([Parser.init(binding), failed]).then(() => stackCanary?.lay(heap()));
  }
  return initPromise;
}

function heap(): Uint8Array {
  return binding!.HEAPU8 as Uint8Array;
}

/** Tests turn the stack check off to reach the hang it prevents (and the watchdog behind it). */
export function setStackCheck(on: boolean): void {
  stackChecked = on;
}

/** True when Tree-sitter's C stack overflowed since the runtime started: its static data is damaged. */
function stackOverflowed(): boolean {
  return stackChecked && stackCanary !== undefined && !stackCanary.intact(heap());
}

/** Error recovery, fields, nesting: enough for the direct cursor's check to see every kind of step. */
const CURSOR_SAMPLE = 'def f(a, b=1):\n    return g(a)[b] + (\nfunction h(x) { return x.y(1, "s") }\n';

async function loadLanguage(lang: LanguageId): Promise<Language> {
  let pending = languages.get(lang);
  if (!pending) {
    pending = init().then(() => Language.load(path.join(grammarDir, GRAMMAR_FILES[lang])));
    languages.set(lang, pending);
  }
  return pending;
}

/** True once this thread's parser runtime aborted: it cannot parse again (a worker retires, see worker.ts). */
export function parserRuntimeLost(): boolean {
  return runtimeLost;
}

async function newParser(lang: LanguageId): Promise<Parser> {
  if (runtimeLost) throw new ParserLostError(false);
  const language = await loadLanguage(lang);
  if (stackOverflowed()) {
    runtimeLost = true;
    throw new ParserLostError(false);
  }
  if (!cursorsChecked && binding) {
    cursorsChecked = true;
    const sample = parseOnce(language, CURSOR_SAMPLE);
    if (sample) {
      enableDirectCursors(binding, sample.rootNode);
      sample.delete();
    }
  }
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

function parseOnce(language: Language, text: string): Tree | null {
  const parser = new Parser();
  try {
    parser.setLanguage(language);
    return parser.parse(text);
  } finally {
    parser.delete();
  }
}

/** Characters handed to Tree-sitter per input call (it copies at most 10 KB: 5,119 UTF-16 units). */
const INPUT_CHUNK = 10 * 1024;

/**
 * How far one parse may grow the parser's WebAssembly heap. Its maximum is 2 GB, and running out
 * aborts the runtime for good. In heavy error recovery a tree takes up to 1.2 KB per byte of text
 * (1 MB of `a<b<` in TypeScript), and the heap grows in jumps: at 1 GB one reallocation asked for
 * the other 1 GB at once. From under 512 MB, the largest jump (an array doubling, both copies
 * alive) still fits.
 */
export const DEFAULT_PARSE_HEAP_LIMIT = 512 * 1024 * 1024;
let parseHeapLimit = DEFAULT_PARSE_HEAP_LIMIT;

/** Changes the heap limit of parses (tests lift it to reach the runtime's own abort). */
export function setParseHeapLimit(bytes: number): void {
  parseHeapLimit = bytes;
}

/** The parser's WebAssembly heap size (emscripten keeps its HEAP8 view on the module object); it never shrinks. */
export function parserHeapBytes(): number {
  return (binding?.HEAP8 as Int8Array | undefined)?.length ?? 0;
}

export class ParseTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`parsing took longer than ${timeoutMs} ms`);
  }
}

export class ParseMemoryError extends Error {
  constructor(limit: number) {
    super(`parsing needed more than ${Math.round(limit / 1024 / 1024)} MB of parser memory`);
  }
}

/** Begins the message of a ParserLostError raised by the file that broke the runtime. */
export const RUNTIME_FAILED_HERE = "the parser's runtime failed on this file";

/** The parser's WebAssembly runtime aborted or trapped: on this text (`now`), or on an earlier one of this thread. */
export class ParserLostError extends Error {
  constructor(now: boolean, why = 'out of memory, or a trap') {
    super(now ? `${RUNTIME_FAILED_HERE} (${why}) and cannot be used again` : "the parser's runtime failed on an earlier file of this thread and cannot be used again");
  }
}

/** The reason a ParserLostError gives when Tree-sitter's C stack overflowed. */
export const STACK_OVERFLOWED = "Tree-sitter's C stack overflowed";

/** The notice reason of a failed parse: 'timeout', 'parse-memory' or 'parse-error'. */
export function parseFailureReason(err: unknown): string {
  if (err instanceof ParseTimeoutError) return 'timeout';
  if (err instanceof ParseMemoryError) return 'parse-memory';
  return 'parse-error';
}

/** Part of a text to parse on its own, with its row / column positions. */
export interface ParseRange {
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
}

/**
 * Parses `text`, optionally reusing `oldTree` (already edited with `tree.edit`), or only the
 * `range` of it (the nodes keep their offsets in the whole text). Gives up after `timeoutMs`
 * (ParseTimeoutError) or when it grows the parser's heap past its limit (ParseMemoryError),
 * so one pathological file can neither hang a scan nor take the parser down.
 */
export async function parse(lang: LanguageId, text: string, options: { oldTree?: Tree; timeoutMs?: number; range?: ParseRange } = {}): Promise<Tree> {
  const parser = await newParser(lang);
  try {
    return parseWith(parser, text, options);
  } finally {
    // After an abort the runtime cannot be called again, not even to free.
    if (!runtimeLost) parser.delete();
  }
}

function parseWith(parser: Parser, text: string, options: { oldTree?: Tree; timeoutMs?: number; range?: ParseRange }): Tree {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = performance.now() + timeoutMs;
  // The heap never shrinks: a parse is cut off only when it is the one growing it past the limit.
  const heapAtStart = parserHeapBytes();
  let stopped: ParseTimeoutError | ParseMemoryError | undefined;
  const mustStop = (): boolean => {
    if (performance.now() > deadline) stopped = new ParseTimeoutError(timeoutMs);
    else if (parserHeapBytes() > Math.max(heapAtStart, parseHeapLimit)) stopped = new ParseMemoryError(parseHeapLimit);
    return stopped !== undefined;
  };
  let parsing = true;
  // Tree-sitter calls the progress callback too seldom in heavy error recovery (a 3 MB file of
  // long comment lines overran a 5 s timeout by 12 s), but it asks for input all the time: past
  // a limit, the input ends. After the parse the tree reads its text through this too.
  const input = (index: number): string | undefined => {
    if (parsing && (stopped || mustStop())) return undefined;
    return text.slice(index, index + INPUT_CHUNK);
  };
  let tree: Tree | null;
  try {
    tree = parser.parse(input, options.oldTree ?? null, {
      ...(options.range ? { includedRanges: [options.range] } : {}),
      progressCallback: () => stopped !== undefined || mustStop(),
    });
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) {
      runtimeLost = true;
      throw new ParserLostError(true, stackOverflowed() ? STACK_OVERFLOWED : undefined);
    }
    throw err;
  }
  parsing = false;
  // The tree is not deleted: after the overflow nothing may call into the runtime.
  if (stackOverflowed()) {
    runtimeLost = true;
    throw new ParserLostError(true, STACK_OVERFLOWED);
  }
  if (!tree || stopped) {
    tree?.delete();
    throw stopped ?? new ParseTimeoutError(timeoutMs);
  }
  return tree;
}
