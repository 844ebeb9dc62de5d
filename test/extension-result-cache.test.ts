/** Where the extension keeps its result cache (src/extension/scan/result-cache-storage.ts), in plain Node. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../src/engine/api';
import { scanPathsWithCache } from '../src/engine/cached-scan';
import { EXTENSION_CACHE_MAX_BYTES, clearExtensionResultCache, extensionResultCache } from '../src/extension/scan/result-cache-storage';

describe('extension result cache storage', function () {
  this.timeout(120_000);

  it('lives in the extension storage folder, only when that is a local folder', () => {
    assert.deepEqual(extensionResultCache({ scheme: 'file', fsPath: '/home/u/.config/Code/User/globalStorage/llmsec.llmsec' }), {
      dir: path.join('/home/u/.config/Code/User/globalStorage/llmsec.llmsec', 'result-cache'),
      maxBytes: EXTENSION_CACHE_MAX_BYTES,
    });
    assert.equal(extensionResultCache({ scheme: 'vscode-userdata', fsPath: '/User/globalStorage/x' }), undefined);
    assert.equal(extensionResultCache(undefined), undefined);
  });

  it('a scan fills it, the next reuses it, clearing empties it', async () => {
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'llmsec-ext-storage-'));
    try {
      const cache = extensionResultCache({ scheme: 'file', fsPath: storage });
      const root = path.join(__dirname, '..', 'examples', 'chat-app');
      const scan = () => scanPathsWithCache([root], DEFAULT_CONFIG, { root, workers: 0, cache });
      const cold = await scan();
      const warm = await scan();
      assert.equal(cold.stats.filesFromCache, 0);
      assert.equal(warm.stats.filesFromCache, warm.stats.filesAnalysed);
      assert.equal(await clearExtensionResultCache(cache), cold.stats.filesAnalysed);
      assert.equal((await scan()).stats.filesFromCache, 0);
      assert.equal(await clearExtensionResultCache(undefined), 0);
    } finally {
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });
});
