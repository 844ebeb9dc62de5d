// Quick-fix fixture for llm-output-code-execution: eval of model output becomes JSON.parse.
import OpenAI from 'openai';

const client = new OpenAI();

export async function extractFilters(question: string): Promise<Record<string, unknown>> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Reply with a JSON object of search filters only.' },
      { role: 'user', content: question },
    ],
  });
  const text = completion.choices[0].message.content ?? '{}';
  // ruleid: llm-output-code-execution
  return JSON.parse(text);
}

export async function extractScore(review: string): Promise<number> {
  const response = await client.responses.create({ model: 'gpt-4.1-mini', input: `Score from 1 to 5: ${review}` });
  // ruleid: llm-output-code-execution
  const score = JSON.parse(response.output_text);
  return Number(score);
}

export async function buildPredicate(rule: string): Promise<(row: unknown) => boolean> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: `Write a JavaScript expression over row for: ${rule}` }],
  });
  // new Function has no data-only equivalent: no quick fix, the finding stays.
  // ruleid: llm-output-code-execution
  return new Function('row', `return (${completion.choices[0].message.content});`) as (row: unknown) => boolean;
}

export function parseSettings(raw: string): unknown {
  // ok: llm-output-code-execution
  return JSON.parse(raw);
}
