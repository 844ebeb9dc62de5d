// Regenerates the JSON Schemas of rule files, catalogue files and .llmsec.yaml from the zod models.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogJsonSchema, configJsonSchema, ruleJsonSchema } from '../src/engine/rules/schema';

const rules = path.join(__dirname, '..', 'rules');
fs.writeFileSync(path.join(rules, 'rule.schema.json'), JSON.stringify(ruleJsonSchema(), null, 2) + '\n');
fs.writeFileSync(path.join(rules, 'catalog', 'catalog.schema.json'), JSON.stringify(catalogJsonSchema(), null, 2) + '\n');
fs.writeFileSync(path.join(rules, 'llmsec-config.schema.json'), JSON.stringify(configJsonSchema(), null, 2) + '\n');
console.log('wrote rules/rule.schema.json, rules/catalog/catalog.schema.json, rules/llmsec-config.schema.json');
