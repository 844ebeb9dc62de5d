import type { LanguageId } from './ir';

/** File extensions per language. `.jsx` uses the JavaScript grammar, which parses JSX. */
const EXTENSIONS: Record<string, LanguageId> = {
  '.py': 'python',
  '.pyi': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
};

/** VS Code languageIds to engine languages. */
const VSCODE_LANGUAGE_IDS: Record<string, LanguageId> = {
  python: 'python',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'tsx',
};

/** The `.wasm` file in grammars/ for each language. */
export const GRAMMAR_FILES: Record<LanguageId, string> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

export const ALL_LANGUAGES: readonly LanguageId[] = ['python', 'javascript', 'typescript', 'tsx'];

export function languageForPath(path: string): LanguageId | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return undefined;
  if (path.endsWith('.d.ts')) return undefined; // declaration files carry no code
  return EXTENSIONS[path.slice(dot).toLowerCase()];
}

export function languageForVscodeId(id: string): LanguageId | undefined {
  return VSCODE_LANGUAGE_IDS[id];
}

export function isSupportedPath(path: string): boolean {
  return languageForPath(path) !== undefined;
}

/** Rule files name language families; `javascript` covers JS, TS and TSX. */
export function languageFamily(lang: LanguageId): 'python' | 'javascript' {
  return lang === 'python' ? 'python' : 'javascript';
}
