/** Entry point of the `llmsec` executable (bundled to out/cli.js). */
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    process.stderr.write(`llmsec: internal error: ${err.stack ?? err.message}\n`);
    process.exitCode = 2;
  },
);
