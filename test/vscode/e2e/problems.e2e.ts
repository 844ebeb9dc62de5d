// End to end with the packaged VSIX installed: llmsec's findings on the example workspace show
// as squiggles in the editor and as entries in the Problems panel.
import assert from 'node:assert/strict';
import { e2e, openFile, problemEntries, sourceFiles, squiggles, waitForWorkbench } from './workbench';

describe('llmsec in the workbench', function () {
  this.timeout(180_000);

  it('draws squiggles on an example file and lists llmsec entries in the Problems panel', async () => {
    const { page, workspace, screenshot } = e2e();
    await waitForWorkbench(page);
    const files = sourceFiles(workspace);
    assert.ok(files.length > 0, `no source file in ${workspace}`);

    // Open files until one shows squiggles (the first wait also covers activation).
    let flagged: string | undefined;
    for (const [index, file] of files.entries()) {
      await openFile(page, file);
      const shown = await squiggles(page).first().waitFor({ timeout: index === 0 ? 45_000 : 10_000 }).then(() => true, () => false);
      if (shown) {
        flagged = file;
        break;
      }
    }
    assert.ok(flagged, `no squiggle on any of: ${files.join(', ')}`);
    await screenshot('problems-squiggles');

    const entries = await problemEntries(page);
    await screenshot('problems-panel');
    const ours = entries.filter((entry) => entry.source === 'llmsec');
    assert.ok(ours.length > 0, `no llmsec entry in the Problems panel: ${JSON.stringify(entries)}`);
    for (const entry of ours) {
      assert.ok(entry.message.length > 0, 'an entry without a message');
      assert.ok(entry.code.length > 0, `no rule id on: ${entry.message}`);
      assert.ok(entry.codeLink, `the rule id ${entry.code} does not link to its documentation`);
      assert.match(entry.position, /^\[Ln \d+, Col \d+\]$/);
    }
    console.log(`      ${ours.length} llmsec entr${ours.length === 1 ? 'y' : 'ies'}, first: ${JSON.stringify(ours[0])}`);
  });
});
