/**
 * Incremental analysis of open documents: the tree of each document is kept, edits are applied
 * to it with `tree.edit`, and the next parse reuses the unchanged parts. This is what keeps
 * diagnostics fast while the user types.
 */
import { Edit, type Tree } from 'web-tree-sitter';
import type { LanguageId } from './ir';
import type { FileResult } from './findings';
import type { Engine } from './engine';
import { parse, ParseTimeoutError } from './parser';
import { LineIndex, type Position } from './span';
import { lowerIncrementally, type ChunkCache } from './incremental-lowering';

/** A text change as editors report it: the replaced range in the old text, and the new text. */
export interface TextChange {
  /** Offset (UTF-16) where the replaced range starts in the old text. */
  rangeOffset: number;
  /** Length of the replaced range in the old text. */
  rangeLength: number;
  text: string;
}

interface DocumentState {
  text: string;
  /** Absent after a parse that ran out of time: the next change parses from scratch. */
  tree?: Tree;
  language: LanguageId;
  /** The IR of each top-level statement, reused when the statement's text is unchanged. */
  chunks?: ChunkCache;
}

/** Where inserted text ends, from where it starts: no need to index the whole new text. */
function endOfInsertion(start: Position, inserted: string): Position {
  const lastBreak = inserted.lastIndexOf('\n');
  if (lastBreak < 0) return { line: start.line, character: start.character + inserted.length };
  let lines = 0;
  for (let i = 0; i < inserted.length; i++) if (inserted.charCodeAt(i) === 10) lines++;
  return { line: start.line + lines, character: inserted.length - lastBreak - 1 };
}

export class DocumentAnalyzer {
  private readonly docs = new Map<string, DocumentState>();

  constructor(private readonly engine: Engine) {}

  /** Analyses a document's full text (first open, or when edits are not known). */
  async open(file: string, text: string, language: LanguageId, root?: string): Promise<FileResult> {
    return this.reparse(file, text, language, undefined, root);
  }

  /**
   * Applies changes (in the order the editor reports them, each against the text after the
   * previous ones) and analyses the result, reusing the old tree.
   */
  async change(file: string, changes: TextChange[], language: LanguageId, root?: string): Promise<FileResult> {
    const state = this.docs.get(file);
    if (!state || state.language !== language) throw new Error(`document ${file} is not open`);
    let text = state.text;
    for (const c of changes) {
      const before = new LineIndex(text);
      const newText = text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);
      const startPos = before.position(c.rangeOffset);
      const oldEndPos = before.position(c.rangeOffset + c.rangeLength);
      const newEndPos = endOfInsertion(startPos, c.text);
      state.tree?.edit(new Edit({
        startIndex: c.rangeOffset,
        oldEndIndex: c.rangeOffset + c.rangeLength,
        newEndIndex: c.rangeOffset + c.text.length,
        startPosition: { row: startPos.line, column: startPos.character },
        oldEndPosition: { row: oldEndPos.line, column: oldEndPos.character },
        newEndPosition: { row: newEndPos.line, column: newEndPos.character },
      }));
      text = newText;
    }
    return this.reparse(file, text, language, state.tree, root);
  }

  /** The text the analyzer holds for a document (to check it agrees with the editor's). */
  textOf(file: string): string | undefined {
    return this.docs.get(file)?.text;
  }

  close(file: string): void {
    this.docs.get(file)?.tree?.delete();
    this.docs.delete(file);
  }

  closeAll(): void {
    for (const file of [...this.docs.keys()]) this.close(file);
  }

  private async reparse(file: string, text: string, language: LanguageId, oldTree: Tree | undefined, root?: string): Promise<FileResult> {
    const started = performance.now();
    const tooLarge = this.engine.sizeNotice(file, text);
    if (tooLarge) {
      // Keep the text so later changes still apply; the document is analysed again once it is smaller.
      this.docs.get(file)?.tree?.delete();
      this.docs.set(file, { text, language });
      return { file, language, findings: [], callSites: [], modelSources: [], notices: [tooLarge], elapsedMs: performance.now() - started };
    }
    let tree: Tree;
    try {
      tree = await parse(language, text, { oldTree, timeoutMs: this.engine.config.parseTimeoutMs });
    } catch (err) {
      // Keep the text so later changes still apply; without a tree they parse from scratch.
      this.docs.get(file)?.tree?.delete();
      this.docs.set(file, { text, language });
      const reason = err instanceof ParseTimeoutError ? 'timeout' : 'parse-error';
      return { file, language, findings: [], callSites: [], modelSources: [], notices: [{ level: 'warning', reason, file, message: `${file}: not analysed, ${(err as Error).message}` }], elapsedMs: performance.now() - started };
    }
    const previous = this.docs.get(file);
    if (previous?.tree && previous.tree !== tree) previous.tree.delete();
    const state: DocumentState = { text, tree, language };
    this.docs.set(file, state);
    const previousChunks = previous?.language === language ? previous.chunks : undefined;
    return this.engine.analyzeTree(file, text, tree, language, { root }, started, (budget) => {
      const lowered = lowerIncrementally(tree, text, language, previousChunks, budget);
      state.chunks = lowered.cache;
      return lowered.module;
    });
  }
}
