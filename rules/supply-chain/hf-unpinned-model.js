// Fixtures for hf-unpinned-model: transformers.js downloads from the Hugging Face Hub without a commit SHA.
import { AutoModel, AutoTokenizer, env, pipeline } from '@huggingface/transformers';

const EMBEDDER_REVISION = '82ad65c61ce5c12228e741a38d9a5df6f06bc935';

export async function sentiment(text) {
  // ruleid: hf-unpinned-model
  const classifier = await pipeline('sentiment-analysis', 'Xenova/distilbert-base-uncased-finetuned-sst-2-english');
  return classifier(text);
}

export async function embed(texts) {
  // ruleid: hf-unpinned-model
  const extractor = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2', { revision: 'main', dtype: 'q8' });
  return extractor(texts, { pooling: 'mean', normalize: true });
}

export async function generate(prompt) {
  // ruleid: hf-unpinned-model
  const generator = await pipeline('text-generation', 'onnx-community/Qwen2.5-0.5B-Instruct', { revision: 'v2' });
  return generator(prompt, { max_new_tokens: 64 });
}

export async function tokenize(text) {
  // ruleid: hf-unpinned-model
  const tokenizer = await AutoTokenizer.from_pretrained('Xenova/bert-base-uncased');
  // ruleid: hf-unpinned-model
  const model = await AutoModel.from_pretrained('Xenova/bert-base-uncased', { revision: '93626b1' });
  return model(await tokenizer(text));
}

// ---------------------------------------------------------------- look-alikes that stay silent

export async function embedPinned(texts) {
  // ok: hf-unpinned-model
  const extractor = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2', { revision: EMBEDDER_REVISION });
  return extractor(texts, { pooling: 'mean', normalize: true });
}

export async function sentimentPinned(text) {
  // ok: hf-unpinned-model
  const classifier = await pipeline('sentiment-analysis', 'Xenova/distilbert-base-uncased-finetuned-sst-2-english', {
    revision: 'fbaa598657ec152bb4f11ecc566d236f0db784c9',
  });
  return classifier(text);
}

export async function tokenizePinned(text) {
  // ok: hf-unpinned-model
  const tokenizer = await AutoTokenizer.from_pretrained('Xenova/bert-base-uncased', { revision: 'ef83f2640ef23c8a8d52b0dbc2431aab81144a77' });
  return tokenizer(text);
}

export async function localModel(text) {
  // ok: hf-unpinned-model
  const tokenizer = await AutoTokenizer.from_pretrained('./models/bert-base-uncased', { local_files_only: true });
  // ok: hf-unpinned-model
  const model = await AutoModel.from_pretrained('/opt/models/bert-base-uncased', { local_files_only: true });
  return model(await tokenizer(text));
}
