// Copies the WASM grammars (and web-tree-sitter's runtime) from their pinned npm packages into
// grammars/, refusing any file whose SHA-256 differs from grammars/SHA256SUMS.
// `node scripts/copy-grammars.mjs --update` rewrites the list after a deliberate upgrade.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, copyFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'grammars');
const sumsFile = join(outDir, 'SHA256SUMS');

const sources = {
  'tree-sitter-python.wasm': 'tree-sitter-python/tree-sitter-python.wasm',
  'tree-sitter-javascript.wasm': 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  'tree-sitter-typescript.wasm': 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  'tree-sitter-tsx.wasm': 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  'web-tree-sitter.wasm': 'web-tree-sitter/web-tree-sitter.wasm',
};

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

// Installed packages sit in the project's own node_modules (npm ci installs them flat).
function resolvePackageFile(spec) {
  return join(root, 'node_modules', ...spec.split('/'));
}

const update = process.argv.includes('--update');
const expected = new Map();
if (existsSync(sumsFile)) {
  for (const line of readFileSync(sumsFile, 'utf8').split('\n')) {
    const m = /^([0-9a-f]{64})\s+(\S+)$/.exec(line.trim());
    if (m) expected.set(m[2], m[1]);
  }
}

mkdirSync(outDir, { recursive: true });
const lines = [];
let failed = false;
for (const [name, spec] of Object.entries(sources)) {
  const from = resolvePackageFile(spec);
  const actual = sha256(from);
  if (!update && expected.get(name) !== actual) {
    console.error(`copy-grammars: ${name} from ${spec} has SHA-256 ${actual}, expected ${expected.get(name) ?? '(not listed)'}`);
    failed = true;
    continue;
  }
  copyFileSync(from, join(outDir, name));
  lines.push(`${actual}  ${name}`);
}
if (failed) {
  console.error('copy-grammars: refusing unverified grammars; run with --update after checking an upgrade');
  process.exit(1);
}
if (update) writeFileSync(sumsFile, lines.join('\n') + '\n');
console.log(`copy-grammars: ${lines.length} files verified into grammars/`);
