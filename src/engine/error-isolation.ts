/**
 * Syntax errors kept to the statements they are in. Tree-sitter's recovery from one broken line
 * can take in much of what follows: an unclosed string or bracket makes it fold the functions
 * below into the broken one, or the whole file into one ERROR node, and their findings are lost.
 * So when a parse finds errors, each stretch of top-level statements that holds them is parsed
 * again in pieces, cut where a line starts a new top-level statement, each piece on its own (the
 * nodes keep their offsets in the whole text). The pieces are taken when less of the stretch is
 * in erroneous statements than before.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { LanguageId } from './ir';
import type { LineIndex } from './span';
import type { AnalysisBudget } from './budget';
import { chunksOfRoot, parseRegion, type Chunk, type ChunkReuse } from './document-chunks';

/** At most this many pieces per parse: each is a parse call of its own. */
const MAX_PIECES = 200;
/** The share of the parse time left that parsing pieces may take: the analysis needs the rest. */
const PIECES_SHARE = 0.25;

interface Stretch {
  start: number;
  end: number;
  /** How many characters of it are in erroneous top-level statements. */
  errorExtent: number;
}

/**
 * The chunks of a parsed file or region, with its erroneous stretches parsed again in pieces
 * where that confines the errors. `timeoutMs` gives what is left of the parse time, of which the
 * pieces take at most a quarter; when a piece's parse fails or runs out of it, the rest stays
 * as the first parse had it. `reuse` as for chunksOfRoot.
 */
export async function chunksIsolatingErrors(tree: Tree, text: string, language: LanguageId, lines: LineIndex, timeoutMs: () => number, budget?: AnalysisBudget, reuse?: ChunkReuse): Promise<Chunk[]> {
  const root = tree.rootNode;
  if (!root.hasError) return chunksOfRoot(root, text, language, budget, reuse);
  const pieces = await piecesOfStretches(root, text, language, lines, timeoutMs);
  try {
    const inPieces = (start: number): boolean => pieces.some(({ stretch }) => start >= stretch.start && start < stretch.end);
    const chunks = chunksOfRoot(root, text, language, budget, reuse, pieces.length ? inPieces : undefined);
    if (!pieces.length) return chunks;
    const fromPieces = pieces.flatMap(({ trees }) => trees.flatMap((t) => chunksOfRoot(t.rootNode, text, language, budget, reuse)));
    return [...chunks, ...fromPieces].sort((a, b) => a.start - b.start);
  } finally {
    for (const { trees } of pieces) for (const t of trees) t.delete();
  }
}

/** The erroneous stretches whose pieces, parsed apart, hold less of them in erroneous statements; with the pieces' trees. */
async function piecesOfStretches(root: Node, text: string, language: LanguageId, lines: LineIndex, timeoutMs: () => number): Promise<{ stretch: Stretch; trees: Tree[] }[]> {
  const taken: { stretch: Stretch; trees: Tree[] }[] = [];
  const deadline = performance.now() + timeoutMs() * PIECES_SHARE;
  let piecesLeft = MAX_PIECES;
  for (const stretch of erroneousStretches(root)) {
    const cuts = pieceStarts(text, stretch, language, piecesLeft);
    if (!cuts.length) continue;
    piecesLeft -= cuts.length + 1;
    const bounds = [stretch.start, ...cuts, stretch.end];
    const trees: Tree[] = [];
    try {
      for (let i = 0; i + 1 < bounds.length; i++) {
        const left = Math.min(timeoutMs(), deadline - performance.now());
        if (left < 1) throw new Error('no time left for the pieces');
        trees.push(await parseRegion(language, text, lines, { start: bounds[i], end: bounds[i + 1] }, left));
      }
    } catch {
      for (const t of trees) t.delete();
      break;
    }
    if (trees.reduce((n, t) => n + errorExtentOf(t.rootNode), 0) < stretch.errorExtent) taken.push({ stretch, trees });
    else for (const t of trees) t.delete();
  }
  return taken;
}

/**
 * A top-level statement the parse got wrong: an error or missing node, or one holding one. In a
 * parse with errors, one that does not start a line is suspect too: it is likely the rest of a
 * broken function's body (in Python it cannot be anything else).
 */
function erroneous(node: Node): boolean {
  return node.type === 'ERROR' || node.isMissing || node.hasError || (node.startPosition.column > 0 && node.type !== 'comment');
}

/** Runs of erroneous top-level statements (the whole text when nothing parsed as a module). */
function erroneousStretches(root: Node): Stretch[] {
  if (root.type === 'ERROR') return [{ start: root.startIndex, end: root.endIndex, errorExtent: root.endIndex - root.startIndex }];
  const out: Stretch[] = [];
  let open: Stretch | undefined;
  for (const child of root.children) {
    if (!child) continue;
    if (!erroneous(child)) {
      open = undefined;
      continue;
    }
    const length = child.endIndex - child.startIndex;
    if (open) {
      open.end = child.endIndex;
      open.errorExtent += length;
    } else out.push((open = { start: child.startIndex, end: child.endIndex, errorExtent: length }));
  }
  return out;
}

function errorExtentOf(root: Node): number {
  if (root.type === 'ERROR') return root.endIndex - root.startIndex;
  let extent = 0;
  for (const child of root.children) if (child && erroneous(child)) extent += child.endIndex - child.startIndex;
  return extent;
}

/** Words that go on the statement above even at column 0. */
const CONTINUES = {
  python: /^(?:else|elif|except|finally)\b/,
  javascript: /^(?:else|catch|finally|case|default|extends|implements|from|as|satisfies)\b/,
};
/** Where a line at column 0 can start a top-level statement. */
const STARTS = { python: /^[A-Za-z_@]/, javascript: /^[A-Za-z_$@]/ };
/** A line ending so that the next one goes on with it. */
const OPEN_ENDING = { python: /[\\,([{]$/, javascript: /(?:[,([{=+\-*/%&|?:<>!]|=>)$/ };
/** Delimiters of string literals that can span lines: inside one, a line at column 0 is text. */
const MULTILINE_QUOTES = { python: /"""|'''/g, javascript: /`/g };

/**
 * The offsets inside the stretch where a piece starts: lines that start at column 0 with what
 * can begin a statement, after a line that does not leave it open (a decorator, a trailing
 * comma or operator), outside multi-line strings. At most `limit - 1` of them, evenly spread.
 */
function pieceStarts(text: string, stretch: Stretch, language: LanguageId, limit: number): number[] {
  const kind = language === 'python' ? 'python' : 'javascript';
  const cuts: number[] = [];
  let previous = '';
  let quotes = 0;
  let lineStart = stretch.start;
  while (lineStart < stretch.end) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 || newline > stretch.end ? stretch.end : newline;
    const line = text.slice(lineStart, lineEnd);
    if (lineStart > stretch.start && quotes % 2 === 0 && STARTS[kind].test(line) && !CONTINUES[kind].test(line) && !previous.startsWith('@') && !OPEN_ENDING[kind].test(previous)) cuts.push(lineStart);
    quotes += line.match(MULTILINE_QUOTES[kind])?.length ?? 0;
    const code = line.trimEnd();
    if (code.trim() && !code.trimStart().startsWith(kind === 'python' ? '#' : '//')) previous = code;
    lineStart = lineEnd + 1;
  }
  if (cuts.length < limit) return cuts;
  if (limit <= 1) return [];
  const step = cuts.length / (limit - 1);
  return Array.from({ length: limit - 1 }, (_, i) => cuts[Math.floor(i * step)]);
}
