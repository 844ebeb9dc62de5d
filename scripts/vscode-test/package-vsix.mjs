// Builds the production bundle and packages the VSIX with @vscode/vsce from .tools/vscode,
// run on the Node 24 there (vsce 4 needs Node 22+). `--no-dependencies`: the bundles already
// contain what they import, and it keeps vsce from calling npm (offline-safe). What goes in is
// decided by .vscodeignore (a whitelist).
//
//   node scripts/vscode-test/package-vsix.mjs [--extension DIR] [--out FILE] [--no-build]
//   (npm run package)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, pathOption } from './lib/args.mjs';
import { extensionBuildState } from './lib/extension-state.mjs';
import { node24, repoRoot, vsceEntry } from './lib/tools.mjs';

export const defaultVsix = join(repoRoot, 'out', 'llmsec.vsix');

function run(command, args, cwd) {
  return new Promise((resolvePromise, reject) => {
    // stdin closed: a vsce question (a missing field) ends the run instead of waiting for ever.
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => resolvePromise(code ?? 1));
  });
}

/**
 * Builds (for the repository) and packages. Returns { vsix } or { notBuilt: state } when the
 * extension's bundle is missing after the build (no src/extension yet).
 */
export async function packageVsix({ extensionDir = repoRoot, out = defaultVsix, build = true } = {}) {
  if (build && extensionDir === repoRoot) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const code = await run(npm, ['run', 'build', '--', '--production'], repoRoot);
    if (code !== 0) throw new Error(`npm run build -- --production exited with ${code}`);
  }
  const state = extensionBuildState(extensionDir);
  if (!state.built) return { notBuilt: state };
  if (!existsSync(vsceEntry) || !existsSync(node24)) {
    throw new Error('vsce or Node 24 missing in .tools/vscode. Run `npm run vscode:setup` first.');
  }
  mkdirSync(dirname(out), { recursive: true });
  const args = [vsceEntry, 'package', '--no-dependencies', '--out', out];
  // Without a `repository` field vsce cannot turn README's relative links into absolute ones
  // and stops; leave them relative instead (they only matter on a marketplace page).
  if (!state.manifest.repository) args.push('--allow-missing-repository', '--no-rewrite-relative-links');
  const hasLicense = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((name) => existsSync(join(extensionDir, name)));
  if (!hasLicense) args.push('--skip-license');
  const code = await run(node24, args, extensionDir);
  if (code !== 0) throw new Error(`vsce package exited with ${code}`);
  return { vsix: out };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2), { values: ['extension', 'out'], flags: ['no-build'] });
  try {
    const result = await packageVsix({
      extensionDir: pathOption(options.extension, repoRoot),
      out: pathOption(options.out, defaultVsix),
      build: !options['no-build'],
    });
    if (result.notBuilt) {
      console.error(`package: extension not built: ${result.notBuilt.reason} (is src/extension/extension.ts there?)`);
      process.exit(1);
    }
    console.log(`package: ${result.vsix}`);
  } catch (error) {
    console.error(`package: ${error.message}`);
    process.exit(1);
  }
}
