// Quick-fix fixture for hf-unpinned-model (transformers.js): loads get a revision placeholder to fill with a commit SHA.
import { pipeline, AutoTokenizer, AutoModel } from '@huggingface/transformers';

export async function classify(text) {
  // ruleid: hf-unpinned-model
  const classifier = await pipeline('sentiment-analysis', 'Xenova/distilbert-base-uncased-finetuned-sst-2-english');
  return classifier(text);
}

export async function embed(text) {
  // ruleid: hf-unpinned-model
  const extractor = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2', { dtype: 'q8' });
  return extractor(text, { pooling: 'mean', normalize: true });
}

export async function encode(text) {
  // ruleid: hf-unpinned-model
  const tokenizer = await AutoTokenizer.from_pretrained('Xenova/bert-base-uncased', { revision: 'main' });
  // ruleid: hf-unpinned-model
  const model = await AutoModel.from_pretrained('Xenova/bert-base-uncased', {
    dtype: 'fp32',
    device: 'cpu',
  });
  return model(await tokenizer(text));
}

export async function pinned(text) {
  // ok: hf-unpinned-model
  const tokenizer = await AutoTokenizer.from_pretrained('Xenova/bert-base-uncased', { revision: '80e1f36b4a4e2bf52c1e9a7a4cf1f0e9a2d3c4b5' });
  return tokenizer(text);
}
