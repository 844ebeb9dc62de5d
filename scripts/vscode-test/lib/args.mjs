// A small command-line reader shared by the runners: `--name value`, `--flag`, positionals.
import { resolve } from 'node:path';

export function parseArgs(argv, { values = [], flags = [] }) {
  const options = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      options._.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (flags.includes(name)) {
      options[name] = true;
    } else if (values.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      options[name] = value;
    } else {
      throw new Error(`unknown option --${name}`);
    }
  }
  return options;
}

/** An absolute path from an option, or the fallback. */
export function pathOption(value, fallback) {
  return value === undefined ? fallback : resolve(value);
}
