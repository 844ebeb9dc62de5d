/** Offsets are UTF-16 code units into the source string, as web-tree-sitter reports them. */
export interface Span {
  start: number;
  end: number;
}

/** Zero-based line and column (UTF-16 code units), the convention of VS Code and LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface LineRange {
  start: Position;
  end: Position;
}

/** Converts offsets to line/column positions with a binary search over line starts. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(
    readonly text: string,
    /** Line starts already known (see afterEdit); computed from the text when absent. */
    lineStarts?: number[],
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  /**
   * The index of `newText`, which is this text with [start, oldEnd) replaced by
   * newText.slice(start, start + insertedLength): the lines before the edit are kept, those
   * after it are moved, and only the inserted text is scanned.
   */
  afterEdit(newText: string, start: number, oldEnd: number, insertedLength: number): LineIndex {
    const starts = this.lineStarts;
    const delta = insertedLength - (oldEnd - start);
    const firstAfter = (offset: number): number => {
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] <= offset) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const keep = firstAfter(start);
    const moved = firstAfter(oldEnd);
    const out = starts.slice(0, keep);
    for (let i = start; i < start + insertedLength; i++) if (newText.charCodeAt(i) === 10) out.push(i + 1);
    for (let i = moved; i < starts.length; i++) out.push(starts[i] + delta);
    return new LineIndex(newText, out);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo] };
  }

  range(span: Span): LineRange {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  offset(pos: Position): number {
    const line = Math.max(0, Math.min(pos.line, this.lineStarts.length - 1));
    return Math.min(this.lineStarts[line] + pos.character, this.text.length);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$/, '');
  }
}
