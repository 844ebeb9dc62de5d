/**
 * Parsing the YAML of rule, catalogue and configuration files, which may come from a cloned
 * repository, with limits that keep a hostile file from freezing the editor:
 * - flow collections (`[[[[...`) nested deeper than MAX_FLOW_NESTING are refused before parsing
 *   (the parser recurses on them: 200 KB of brackets took 9 s and overflowed the stack);
 * - duplicate keys are found here in linear time: the yaml library's own `uniqueKeys` check is
 *   quadratic (30,000 keys took 28 s);
 * - at most MAX_ALIASES aliases, and alias expansion is bounded (billion laughs).
 */
import { isScalar, parseDocument, visit, type Document } from 'yaml';

/** Deepest nesting of `[` and `{` accepted: rule files need a handful of levels. */
export const MAX_FLOW_NESTING = 64;
/** Aliases (`*name`) in one file: rule files need none. */
export const MAX_ALIASES = 100;

export type ParsedYaml = { ok: true; data: unknown; document: Document } | { ok: false; message: string };

/** Parses `text`; a failure message starts with the line when one is known. */
export function parseYamlText(text: string): ParsedYaml {
  const tooDeep = yamlNestingProblem(text);
  if (tooDeep) return { ok: false, message: `invalid YAML: ${tooDeep}` };
  let document: Document;
  try {
    document = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  } catch (err) {
    return { ok: false, message: `invalid YAML: ${(err as Error).message.split('\n')[0]}` };
  }
  if (document.errors.length) {
    const e = document.errors[0];
    const line = e.linePos?.[0]?.line ?? (e.pos ? lineAt(text, e.pos[0]) : undefined);
    return { ok: false, message: `${line ? `line ${line}: ` : ''}invalid YAML: ${e.message.split('\n')[0]}` };
  }
  const structural = documentProblem(document, text);
  if (structural) return { ok: false, message: `invalid YAML: ${structural}` };
  try {
    return { ok: true, data: document.toJS({ maxAliasCount: MAX_ALIASES }), document };
  } catch (err) {
    // An alias bomb ("billion laughs"): the yaml library refuses to expand it.
    return { ok: false, message: `invalid YAML: ${(err as Error).message}` };
  }
}

/**
 * Why the text should not be parsed, or undefined. Brackets are counted everywhere, quoted
 * strings included: a rule with dozens of unbalanced brackets in its strings is not plausible.
 */
export function yamlNestingProblem(text: string): string | undefined {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 91 || c === 123) {
      if (++depth > MAX_FLOW_NESTING) return `line ${line}: brackets nested more than ${MAX_FLOW_NESTING} levels deep`;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}

/** Duplicate keys in a mapping, or too many aliases. */
function documentProblem(document: Document, text: string): string | undefined {
  let problem: string | undefined;
  let aliases = 0;
  visit(document, {
    Alias() {
      if (++aliases > MAX_ALIASES) {
        problem = `more than ${MAX_ALIASES} aliases`;
        return visit.BREAK;
      }
      return undefined;
    },
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key;
        const id = isScalar(k) ? `${typeof k.value}:${String(k.value)}` : `node:${JSON.stringify(k)}`;
        if (seen.has(id)) {
          const at = isScalar(k) && k.range ? `line ${lineAt(text, k.range[0])}: ` : '';
          problem = `${at}duplicate key '${isScalar(k) ? String(k.value) : JSON.stringify(k)}' (each key may appear once in a mapping)`;
          return visit.BREAK;
        }
        seen.add(id);
      }
      return undefined;
    },
  });
  return problem;
}

/** Long enough for any real error; a message listing 20,000 unknown keys is cut here. */
const MAX_MESSAGE = 600;

/** Shortens an error message about a hostile file to something a person can read. */
export function shortMessage(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE)}... (${message.length - MAX_MESSAGE} more characters)`;
}

/** "at position 32" in a JSON.parse error, as "line 4, column 3". */
export function jsonErrorWithLine(message: string, text: string): string {
  const m = /at position (\d+)/.exec(message);
  if (!m) return message;
  const offset = Number(m[1]);
  const line = lineAt(text, offset);
  return `line ${line}, column ${offset - text.lastIndexOf('\n', offset - 1)}: ${message}`;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
