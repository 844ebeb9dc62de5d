// Where the benchmark keeps things. Everything generated lives under .bench/ (git-ignored).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const benchDir = process.env.LLMSEC_BENCH_DIR ?? join(repoRoot, '.bench');
export const downloadsDir = join(benchDir, 'downloads');
export const corpusDir = join(benchDir, 'corpus');
export const resultsDir = join(benchDir, 'results');
export const lockFile = join(repoRoot, 'bench', 'corpus.lock.json');
/** ast-grep's rule sets: every sink and call-site name of llmsec's rules ('equivalent'), or 43 hand-picked patterns ('sampled'). */
export const astGrepConfigs = {
  equivalent: join(repoRoot, 'bench', 'ast-grep', 'equivalent', 'sgconfig.yml'),
  sampled: join(repoRoot, 'bench', 'ast-grep', 'sgconfig.yml'),
};
export const llmsecCli = join(repoRoot, 'out', 'cli.js');

/** The k-times copy of a corpus for the scaling figures, beside it (k = 1 is the corpus itself). */
export function scaledCorpusDir(k, base = corpusDir) {
  return k === 1 ? base : `${base}-${k}x`;
}
