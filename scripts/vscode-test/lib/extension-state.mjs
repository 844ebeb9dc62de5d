// Tells whether an extension folder is ready to load: its package.json `main` bundle exists.
// The runners skip (exit 0) with a clear message when it is not, unless asked to require it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function extensionBuildState(extensionDir) {
  const manifestPath = join(extensionDir, 'package.json');
  if (!existsSync(manifestPath)) return { built: false, reason: `no package.json in ${extensionDir}` };
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (!manifest.main) return { built: true, manifest };
  const main = join(extensionDir, manifest.main);
  const candidates = [main, `${main}.js`];
  if (candidates.some((path) => existsSync(path))) return { built: true, manifest };
  return { built: false, manifest, reason: `${manifest.main} is missing in ${extensionDir}` };
}

/**
 * Prints the "not built" notice; returns the exit code the runner should use: 0 (skip) by
 * default, 1 when --require-extension was given (for CI once the extension exists).
 */
export function notBuiltExitCode(label, state, required) {
  const how = 'build it with `npm run build` (or `npm run package` for the VSIX)';
  console.error(`${label}: extension not built: ${state.reason}; ${how}.`);
  if (required) {
    console.error(`${label}: --require-extension was given: failing.`);
    return 1;
  }
  console.error(`${label}: skipping (pass --require-extension to make this a failure).`);
  return 0;
}
