// Builds the 2x and 4x corpora for the scaling figures: k copies of the corpus under renamed top
// folders (copy-1 .. copy-k). Each copy gets a one-line comment appended to every file, so the
// copies differ in content and no tool can skip them through a content-hash cache.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { listFiles, languageOf } from './source-files.mjs';

function marker(lang, copy) {
  return lang === 'python' ? `\n# llmsec-bench copy ${copy}\n` : `\n// llmsec-bench copy ${copy}\n`;
}

function readManifest(dir) {
  const path = join(dir, 'manifest.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

/**
 * Makes targetDir hold k marked copies of sourceDir's source files, unless its manifest says it
 * already does for the same source manifest. Returns true when it (re)built the copies.
 */
export function buildScaledCorpus(sourceDir, targetDir, k, sourceManifestSha) {
  const existing = readManifest(targetDir);
  const files = listFiles(sourceDir).filter((rel) => languageOf(rel) !== undefined);
  if (existing && existing.sourceManifestSha === sourceManifestSha && existing.k === k && existing.files === files.length * k) {
    return false;
  }
  rmSync(targetDir, { recursive: true, force: true });
  let bytes = 0;
  for (let copy = 1; copy <= k; copy++) {
    for (const rel of files) {
      const text = Buffer.concat([readFileSync(join(sourceDir, rel)), Buffer.from(marker(languageOf(rel), copy))]);
      const out = join(targetDir, `copy-${copy}`, rel);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
      bytes += text.length;
    }
  }
  writeFileSync(join(targetDir, 'manifest.json'), JSON.stringify({ k, sourceManifestSha, files: files.length * k, bytes }, null, 2) + '\n');
  return true;
}
