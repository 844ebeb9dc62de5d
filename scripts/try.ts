import { Engine } from '../src/engine/engine';
(async () => {
  const engine = Engine.create();
  console.log('notices', engine.notices);
  console.log('rules', engine.rules.map(r => r.id).join(' '));
  const file = process.argv[2];
  const text = require('fs').readFileSync(file, 'utf8');
  const r = await engine.analyzeText(file, text);
  for (const f of r.findings) console.log(`${f.location.range.start.line + 1}:${f.location.range.start.character + 1} ${f.ruleId} ${f.severity} ${f.message}`);
  console.log('callsites', r.callSites.map(c => `${c.provider} ${c.api} ${c.model}`));
  console.log(r.notices);
})();
