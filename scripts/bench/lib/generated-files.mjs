// Writes a generator's files, or with `check` reports the ones that differ from what it would
// write (so a test can keep generated files in step with their source).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Returns how many files are out of date (always 0 when writing). */
export function writeOrCheck(dir, files, { check, command }) {
  mkdirSync(dir, { recursive: true });
  let stale = 0;
  for (const { file, text } of files) {
    const path = join(dir, file);
    if (!check) writeFileSync(path, text);
    else if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
      console.error(`${path} is out of date: run ${command}`);
      stale++;
    }
  }
  return stale;
}
