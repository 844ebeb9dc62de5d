/**
 * Seeded random edits of source text, the kinds a person makes while typing: a word typed into a
 * string, characters deleted, a line duplicated or deleted, a statement inserted at a line's
 * indentation, a line indented or dedented, a name renamed. Some break the syntax; the
 * differential tests compare only texts that parse cleanly.
 */
export interface RandomEdit {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** A seed from a string (FNV-1a), so a case's edits do not depend on where the checkout is. */
export function seedOf(text: string, base = 0): number {
  let h = (0x811c9dc5 ^ base) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['x', 'total', 'prompt', 'user_input', 'os', 'client', 'eval', 'exec', 'request', 'answer', 'data', 'html'];

export function randomEdit(text: string, rand: () => number, python: boolean): RandomEdit {
  const lines = lineRanges(text);
  const pickLine = (): { start: number; end: number } => lines[Math.floor(rand() * lines.length)] ?? { start: 0, end: 0 };
  const word = WORDS[Math.floor(rand() * WORDS.length)];
  const line = pickLine();
  const lineText = text.slice(line.start, line.end);
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const kind = Math.floor(rand() * 9);
  switch (kind) {
    case 0: {
      // Type into a string literal.
      const m = /(["'`])([^"'`\\\n]*)\1/.exec(lineText);
      if (m) return { rangeOffset: line.start + m.index + 1, rangeLength: 0, text: `${word} ` };
      return { rangeOffset: line.end, rangeLength: 0, text: python ? `  # ${word}` : ` // ${word}` };
    }
    case 1: {
      // Delete a few characters.
      const at = line.start + Math.floor(rand() * Math.max(1, lineText.length));
      return { rangeOffset: at, rangeLength: Math.min(1 + Math.floor(rand() * 3), text.length - at), text: '' };
    }
    case 2:
      // Duplicate a line.
      return { rangeOffset: line.start, rangeLength: 0, text: `${lineText}\n` };
    case 3:
      // Delete a line.
      return { rangeOffset: line.start, rangeLength: Math.min(line.end + 1, text.length) - line.start, text: '' };
    case 4:
      // Insert a statement at this line's indentation.
      return { rangeOffset: line.start, rangeLength: 0, text: python ? `${indent}${word} = ${word}\n` : `${indent}const ${word}${Math.floor(rand() * 100)} = ${word};\n` };
    case 5:
      // Indent or dedent a line.
      return indent.length >= 4 && rand() < 0.5 ? { rangeOffset: line.start, rangeLength: 4, text: '' } : { rangeOffset: line.start, rangeLength: 0, text: '    ' };
    case 6: {
      // Rename one occurrence of an identifier.
      const ids = [...lineText.matchAll(/[A-Za-z_]\w*/g)];
      const m = ids[Math.floor(rand() * ids.length)];
      if (m) return { rangeOffset: line.start + m.index!, rangeLength: m[0].length, text: word };
      return { rangeOffset: line.start, rangeLength: 0, text: word };
    }
    case 7:
      // Insert a sink call or a source read.
      return { rangeOffset: line.start, rangeLength: 0, text: python ? `${indent}os.system(${word})\n` : `${indent}eval(${word});\n` };
    default: {
      // Type a single character anywhere.
      const at = Math.floor(rand() * (text.length + 1));
      const chars = python ? ['(', ')', ':', '"', ' ', '\n', 'a', '.', ','] : ['(', ')', '{', '}', ';', '`', ' ', '\n', 'a', '.'];
      return { rangeOffset: at, rangeLength: 0, text: chars[Math.floor(rand() * chars.length)] };
    }
  }
}

export function applyEdit(text: string, e: RandomEdit): string {
  return text.slice(0, e.rangeOffset) + e.text + text.slice(e.rangeOffset + e.rangeLength);
}

function lineRanges(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      out.push({ start, end: i });
      start = i + 1;
    }
  }
  return out;
}
