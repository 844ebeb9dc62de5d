// What VS Code's DiagnosticCollection.set costs the extension host, by what the diagnostics
// carry (npm run bench:editor). set converts and sends every diagnostic of the file on each
// call; this separates the part related information (a finding's data-flow path) takes, so the
// editor benchmark's "DiagnosticCollection.set" stage can be read against it. Synthetic
// diagnostics shaped like llmsec's: a message, a code with a documentation link, and four
// flow steps as related information. Prints p50 and min per shape; asserts nothing but that
// the collection took them.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { log } from '../suite/helpers';

const COUNT = 742; // the findings of the editor benchmark's 10,000-line TypeScript file
const ROUNDS = 30;

interface Shape {
  name: string;
  relatedSteps: number;
  docsLink: boolean;
}

const SHAPES: Shape[] = [
  { name: 'message and code only', relatedSteps: 0, docsLink: false },
  { name: 'with documentation link', relatedSteps: 0, docsLink: true },
  { name: 'with link and 4 related locations', relatedSteps: 4, docsLink: true },
];

function diagnostics(uri: vscode.Uri, shape: Shape): vscode.Diagnostic[] {
  const target = vscode.Uri.parse('https://example.invalid/rules/llm05-output-to-sql');
  return Array.from({ length: COUNT }, (_, i) => {
    const line = i * 10;
    const d = new vscode.Diagnostic(new vscode.Range(line, 4, line, 40), `Model output reaches a SQL query without validation (finding ${i}). OWASP LLM05:2025; ISO/IEC 42001 A.6.2.4`, vscode.DiagnosticSeverity.Error);
    d.source = 'llmsec';
    d.code = shape.docsLink ? { value: 'llm05-output-to-sql', target } : 'llm05-output-to-sql';
    if (shape.relatedSteps) {
      d.relatedInformation = Array.from({ length: shape.relatedSteps }, (_, k) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, new vscode.Range(line + k, 0, line + k, 20)), `step ${k + 1} of ${shape.relatedSteps}: assigned to text`));
    }
    return d;
  });
}

suite('DiagnosticCollection.set cost (benchmark)', () => {
  test(`${COUNT} diagnostics, by shape`, async function () {
    this.timeout(120_000);
    const document = await vscode.workspace.openTextDocument({ content: 'x = 1\n'.repeat(COUNT * 10), language: 'plaintext' });
    const collection = vscode.languages.createDiagnosticCollection('llmsec-bench');
    try {
      for (const shape of SHAPES) {
        const times: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const made = diagnostics(document.uri, shape);
          const started = performance.now();
          collection.set(document.uri, made);
          times.push(performance.now() - started);
          // Let the main side take the previous batch before the next.
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
        times.sort((a, b) => a - b);
        log(`      DiagnosticCollection.set of ${COUNT}, ${shape.name}: p50 ${times[ROUNDS >> 1].toFixed(2)} ms, min ${times[0].toFixed(2)} ms`);
        assert.equal(collection.get(document.uri)?.length, COUNT);
      }
    } finally {
      collection.dispose();
    }
  });
});
