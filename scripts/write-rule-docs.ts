// Regenerates docs/rules/<id>.md from the built-in rule files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../src/engine/engine';
import { ruleDoc } from '../src/tools/rule-docs';

const dir = path.join(__dirname, '..', 'docs', 'rules');
fs.mkdirSync(dir, { recursive: true });
const engine = Engine.create();
for (const rule of engine.rules) fs.writeFileSync(path.join(dir, `${rule.id}.md`), ruleDoc(rule));
console.log(`wrote ${engine.rules.length} rule pages to docs/rules/`);
