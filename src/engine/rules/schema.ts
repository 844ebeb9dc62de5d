/** The JSON Schema of rule files and of the catalogue, generated from the zod models. */
import { z } from 'zod';
import { ruleSchema } from './model';
import { catalogSchema } from './catalog-model';
import { configFileSchema } from '../config';

export function ruleJsonSchema(): object {
  return { ...z.toJSONSchema(ruleSchema, { io: 'input', unrepresentable: 'any' }), title: 'llmsec rule file' };
}

export function catalogJsonSchema(): object {
  return { ...z.toJSONSchema(catalogSchema, { io: 'input', unrepresentable: 'any' }), title: 'llmsec catalogue file' };
}

export function configJsonSchema(): object {
  return { ...z.toJSONSchema(configFileSchema, { io: 'input', unrepresentable: 'any' }), title: 'llmsec .llmsec.yaml' };
}
