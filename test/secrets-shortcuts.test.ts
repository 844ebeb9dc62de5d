/** The secrets check's shortcut (src/engine/builtins/secrets.ts) skips nothing it could find. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KEY_FORMATS, MIN_KEY_LENGTH, findSecrets } from '../src/engine/builtins/secrets';
import { lower } from '../src/engine/engine';
import { parse } from '../src/engine/parser';

describe('secrets check shortcuts', () => {
  it('no key format matches a string shorter than MIN_KEY_LENGTH', () => {
    for (const { provider, re } of KEY_FORMATS) {
      fc.assert(
        fc.property(fc.stringMatching(re), (key) => {
          assert.ok(key.length >= MIN_KEY_LENGTH, `${provider}: ${key}`);
        }),
        { numRuns: 300, seed: 1 },
      );
    }
  });

  it('finds a key of the shortest format', async () => {
    const text = 'aws = "AKIAQ7XK2M4PZ9B3WT6R"\n';
    const tree = await parse('python', text);
    try {
      const hits = findSecrets(lower(tree, text, 'python'));
      assert.deepEqual(hits.map((h) => h.provider), ['AWS']);
    } finally {
      tree.delete();
    }
  });
});
