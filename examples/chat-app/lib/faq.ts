// The FAQ entries shown under /faq. The answers are written by the model from these questions.
export interface FaqEntry {
  slug: string;
  question: string;
}

export const FAQ: readonly FaqEntry[] = [
  { slug: 'returns', question: 'How do I return a product I bought online?' },
  { slug: 'warranty', question: 'What does the two-year Acme warranty cover?' },
  { slug: 'descaling', question: 'How often should I descale my Acme kettle?' },
];

export const FAQ_SYSTEM_PROMPT =
  'You write friendly, accurate answers for the Acme help centre. Use Markdown with short paragraphs and lists.';
