import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LiteralScanner } from '../src/engine/literal-scan';

describe('literal scanner', () => {
  it('finds overlapping and nested literals', () => {
    const s = new LiteralScanner(['execute', 'exec', 'cute', 'he', 'she', 'hers', 'os.', 'eval(']);
    const found = [...s.scan('ushers cursor.executemany(); os.system; eval(x)')].map((i) => s.literals[i]).sort();
    assert.deepEqual(found, ['cute', 'eval(', 'exec', 'execute', 'he', 'hers', 'os.', 'she']);
  });

  it('agrees with String.prototype.includes on random texts', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', '('), minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', '(', 'é'), maxLength: 60 }), (words, text) => {
        const unique = [...new Set(words)];
        const s = new LiteralScanner(unique);
        const found = s.scan(text);
        unique.forEach((w, i) => assert.equal(found.has(i), text.includes(w), `${w} in ${text}`));
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
