// Prints what the workbench sends to codeAutomationLog. The suite (test/vscode/suite/index.ts)
// prefixes its own lines with a marker, so by default only the test report is printed and the
// workbench's chatter is dropped, except its warnings and errors, which are kept aside and
// shown if the run fails (gallery lookups and sign-in timeouts among them are harmless
// offline). --verbose prints everything as it comes.
import { randomUUID } from 'node:crypto';
import { format } from 'node:util';

export function createLogPrinter({ verbose = false, keep = 60 } = {}) {
  const marker = `[llmsec-test ${randomUUID().slice(0, 8)}] `;
  const others = [];
  return {
    marker,
    print(type, args) {
      const list = Array.isArray(args) ? args : [args];
      // The first argument is a printf-style format (mocha's '%s%s', '%d passing (%s)').
      const text = typeof list[0] === 'string' ? format(...list) : list.map((a) => format('%o', a)).join(' ');
      const at = text.indexOf(marker);
      if (at >= 0) {
        console.log(text.slice(at + marker.length).split(marker).join(''));
      } else if (verbose) {
        console.log(`[workbench ${type}] ${text}`);
      } else if (type === 'error' || type === 'warn') {
        others.push(`[workbench ${type}] ${text.split('\n')[0]}`);
        if (others.length > keep) others.shift();
      }
    },
    /** The last workbench lines that were not printed (for a failed run). */
    held() {
      return others.slice();
    },
  };
}
