/**
 * Tree-sitter parsing with web-tree-sitter. Grammars load lazily, the first time a file of
 * that language is parsed, so activation stays cheap. Parsers are reused per language.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { Parser, Language, type Tree } from 'web-tree-sitter';
import type { LanguageId } from './ir';
import { GRAMMAR_FILES } from './languages';
import { enableDirectCursors } from './lower/fast-cursor';

let grammarDir = defaultGrammarDir();
let initPromise: Promise<void> | undefined;
/** The options given to Parser.init, which the emscripten runtime fills in as its module object. */
let binding: Record<string, unknown> | undefined;
let cursorsChecked = false;
const languages = new Map<LanguageId, Promise<Language>>();
const parsers = new Map<LanguageId, Parser>();

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
    binding = { locateFile: (name: string) => path.join(grammarDir, name) };
    initPromise = Parser.init(binding);
  }
  return initPromise;
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

export async function getParser(lang: LanguageId): Promise<Parser> {
  const existing = parsers.get(lang);
  if (existing) return existing;
  const language = await loadLanguage(lang);
  const parser = new Parser();
  parser.setLanguage(language);
  parsers.set(lang, parser);
  if (!cursorsChecked && binding) {
    cursorsChecked = true;
    const sample = parser.parse(CURSOR_SAMPLE);
    if (sample) {
      enableDirectCursors(binding, sample.rootNode);
      sample.delete();
    }
  }
  return parser;
}

/** Characters handed to Tree-sitter per input call (it copies at most 10 KB of them). */
const INPUT_CHUNK = 10 * 1024;

export class ParseTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`parsing took longer than ${timeoutMs} ms`);
  }
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
 * via the progress callback, so one pathological file cannot hang a scan.
 */
export async function parse(lang: LanguageId, text: string, options: { oldTree?: Tree; timeoutMs?: number; range?: ParseRange } = {}): Promise<Tree> {
  const parser = await getParser(lang);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = performance.now() + timeoutMs;
  let timedOut = false;
  let parsing = true;
  // Tree-sitter calls the progress callback too seldom in heavy error recovery (a 3 MB file of
  // long comment lines overran a 5 s timeout by 12 s), but it asks for input all the time: past
  // the deadline, the input ends. After the parse the tree reads its text through this too.
  const input = (index: number): string | undefined => {
    if (parsing && performance.now() > deadline) {
      timedOut = true;
      return undefined;
    }
    return text.slice(index, index + INPUT_CHUNK);
  };
  const tree = parser.parse(input, options.oldTree ?? null, {
    ...(options.range ? { includedRanges: [options.range] } : {}),
    progressCallback: () => {
      if (performance.now() > deadline) {
        timedOut = true;
        return true;
      }
      return false;
    },
  });
  parsing = false;
  if (!tree || timedOut) {
    tree?.delete();
    parser.reset();
    throw new ParseTimeoutError(timeoutMs);
  }
  return tree;
}
