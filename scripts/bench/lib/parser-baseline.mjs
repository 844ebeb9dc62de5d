// A lower bound for the edit benchmark: web-tree-sitter alone, re-parsing after each edit either
// incrementally (tree.edit + parse with the old tree) or from scratch. llmsec's per-edit latency
// can never beat the incremental figure; the gap between them is what the engine itself costs.
// Same shape as the engine adapter in edit.mjs: open / change / close.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { repoRoot } from './paths.mjs';

const grammarDir = join(repoRoot, 'grammars');
const GRAMMARS = { python: 'tree-sitter-python.wasm', typescript: 'tree-sitter-typescript.wasm', javascript: 'tree-sitter-javascript.wasm', tsx: 'tree-sitter-tsx.wasm' };

export function parserBaselineAvailable() {
  return existsSync(join(grammarDir, GRAMMARS.python)) ? { ok: true } : { ok: false, reason: `no grammars in ${grammarDir} (npm run build copies them)` };
}

/** incremental: reuse the edited old tree; otherwise parse every version from scratch. */
export async function createParserBaseline({ incremental }) {
  await Parser.init({ locateFile: (name) => join(grammarDir, name) });
  const parsers = new Map();
  const docs = new Map();
  const parserFor = async (language) => {
    if (!parsers.has(language)) {
      const parser = new Parser();
      parser.setLanguage(await Language.load(join(grammarDir, GRAMMARS[language])));
      parsers.set(language, parser);
    }
    return parsers.get(language);
  };
  return {
    name: incremental ? 'parser only, incremental (floor)' : 'parser only, full reparse',
    async open(uri, language, text) {
      const parser = await parserFor(language);
      docs.set(uri, { parser, text, tree: parser.parse(text) });
    },
    async change(uri, edit, newText) {
      const doc = docs.get(uri);
      if (incremental) {
        doc.tree.edit({
          startIndex: edit.start,
          oldEndIndex: edit.end,
          newEndIndex: edit.start + edit.text.length,
          startPosition: edit.startPosition,
          oldEndPosition: edit.oldEndPosition,
          newEndPosition: edit.newEndPosition,
        });
      }
      const tree = doc.parser.parse(newText, incremental ? doc.tree : null);
      doc.tree.delete();
      doc.tree = tree;
      doc.text = newText;
    },
    close(uri) {
      docs.get(uri)?.tree.delete();
      docs.delete(uri);
    },
  };
}
