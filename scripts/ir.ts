import * as fs from 'fs';
import { parse } from '../src/engine/parser';
import { lower } from '../src/engine/engine';
import { languageForPath } from '../src/engine/languages';
(async () => {
  const f = process.argv[2]; const text = fs.readFileSync(f, 'utf8');
  const lang = languageForPath(f)!;
  const tree = await parse(lang, text);
  const ir = lower(tree, text, lang);
  console.log(JSON.stringify(ir.body, (k, v) => (k === 'span' || k === 'nameSpan' ? undefined : v), 1).replace(/\n\s*/g, ' ').slice(0, Number(process.argv[3] ?? 3000)));
})();
