/**
 * What the AI-BOM knows about AI packages and providers: which declared dependencies are AI SDKs
 * or model frameworks, how Python module names map to distribution names, provider display
 * names, and each hosted provider's documented default API endpoint.
 *
 *   isAiPackage(ecosystem: Ecosystem, name: string): boolean
 *   npmPackageOfModule(specifier: string): string         '@langchain/openai/chat' -> '@langchain/openai'
 *   pypiCandidatesOfModule(module: string): string[]      'llama_index.llms.openai' -> ['llama-index-llms-openai', 'llama-index-llms', 'llama-index']
 *   normalizePypiName(name: string): string               PEP 503
 *   providerDisplayName(provider: string): string
 *   defaultProviderEndpoint(provider: string): string | undefined
 *   isFrameworkProvider(provider: string): boolean        LangChain, Vercel AI SDK...: route to another provider
 */

export type Ecosystem = 'npm' | 'pypi';

const NPM_AI = new Set([
  'openai', '@anthropic-ai/sdk', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk', '@google/generative-ai', '@google/genai',
  '@google-cloud/vertexai', '@mistralai/mistralai', 'cohere-ai', 'groq-sdk', 'ollama', 'ai', 'langchain', 'llamaindex',
  '@huggingface/inference', '@huggingface/transformers', '@huggingface/hub', '@xenova/transformers', 'replicate', 'together-ai',
  '@aws-sdk/client-bedrock-runtime', '@azure/openai', '@openai/agents', 'onnxruntime-node', 'onnxruntime-web', '@tensorflow/tfjs',
  '@tensorflow/tfjs-node', 'tiktoken', 'js-tiktoken',
]);
const NPM_AI_SCOPES = ['@ai-sdk/', '@langchain/', '@llamaindex/', '@modelcontextprotocol/'];

const PYPI_AI = new Set([
  'openai', 'anthropic', 'google-generativeai', 'google-genai', 'google-cloud-aiplatform', 'vertexai', 'mistralai', 'cohere', 'groq',
  'ollama', 'litellm', 'langchain', 'langgraph', 'llama-index', 'transformers', 'huggingface-hub', 'sentence-transformers',
  'diffusers', 'datasets', 'accelerate', 'peft', 'trl', 'safetensors', 'tokenizers', 'torch', 'tensorflow', 'keras', 'jax',
  'vllm', 'tiktoken', 'openai-agents', 'replicate', 'together', 'onnx', 'onnxruntime', 'instructor', 'dspy', 'dspy-ai', 'guidance',
  'semantic-kernel', 'haystack-ai', 'crewai', 'autogen-agentchat', 'pyautogen', 'smolagents', 'llama-cpp-python', 'mlx-lm',
  'gpt4all', 'ctransformers', 'scikit-learn', 'xgboost', 'lightgbm', 'mcp',
]);
const PYPI_AI_PREFIXES = ['langchain-', 'llama-index-', 'langgraph-'];

/** Python import names whose distribution is named differently. */
const PYPI_MODULE_ALIASES: Record<string, string> = { sklearn: 'scikit-learn', cv2: 'opencv-python' };

export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function isAiPackage(ecosystem: Ecosystem, name: string): boolean {
  if (ecosystem === 'npm') return NPM_AI.has(name) || NPM_AI_SCOPES.some((s) => name.startsWith(s));
  const n = normalizePypiName(name);
  return PYPI_AI.has(n) || PYPI_AI_PREFIXES.some((p) => n.startsWith(p));
}

export function npmPackageOfModule(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Distribution names a dotted module may come from, most specific first. */
export function pypiCandidatesOfModule(module: string): string[] {
  const parts = module.split('.');
  const alias = PYPI_MODULE_ALIASES[parts[0]];
  if (alias) return [alias];
  const out: string[] = [];
  for (let n = parts.length; n >= 1; n--) out.push(normalizePypiName(parts.slice(0, n).join('-')));
  return out;
}

const PROVIDER_NAMES: Record<string, string> = {
  openai: 'OpenAI',
  'openai-agents': 'OpenAI Agents SDK',
  'google-gemini': 'Google Gemini',
  'aws-bedrock': 'AWS Bedrock',
  'vercel-ai-sdk': 'Vercel AI SDK',
  llamaindex: 'LlamaIndex',
  anthropic: 'Anthropic',
  google: 'Google',
  gemini: 'Google',
  vertexai: 'Google Cloud Vertex AI',
  mistral: 'Mistral',
  mistralai: 'Mistral',
  cohere: 'Cohere',
  groq: 'Groq',
  ollama: 'Ollama',
  huggingface: 'Hugging Face',
  'huggingface-hub': 'Hugging Face',
  replicate: 'Replicate',
  together: 'Together AI',
  bedrock: 'AWS Bedrock',
  aws: 'AWS Bedrock',
  azure: 'Azure OpenAI',
  'azure-openai': 'Azure OpenAI',
  xai: 'xAI',
  perplexity: 'Perplexity',
  deepseek: 'DeepSeek',
  litellm: 'LiteLLM',
  langchain: 'LangChain',
};

export function providerDisplayName(provider: string): string {
  return PROVIDER_NAMES[provider.toLowerCase()] ?? provider;
}

/** Documented default base URLs; providers whose endpoint depends on account or region have none. */
const DEFAULT_ENDPOINTS: Record<string, string> = {
  openai: 'https://api.openai.com/v1',
  'openai-agents': 'https://api.openai.com/v1',
  'google-gemini': 'https://generativelanguage.googleapis.com',
  anthropic: 'https://api.anthropic.com',
  google: 'https://generativelanguage.googleapis.com',
  gemini: 'https://generativelanguage.googleapis.com',
  mistral: 'https://api.mistral.ai',
  mistralai: 'https://api.mistral.ai',
  cohere: 'https://api.cohere.com',
  groq: 'https://api.groq.com/openai/v1',
  ollama: 'http://localhost:11434',
  huggingface: 'https://huggingface.co',
  'huggingface-hub': 'https://huggingface.co',
  replicate: 'https://api.replicate.com',
  together: 'https://api.together.xyz/v1',
  xai: 'https://api.x.ai/v1',
  perplexity: 'https://api.perplexity.ai',
  deepseek: 'https://api.deepseek.com',
};

/** Libraries that route to whichever model provider they are configured with: not a service themselves. */
const FRAMEWORKS = new Set(['vercel-ai-sdk', 'langchain', 'llamaindex', 'litellm']);

export function isFrameworkProvider(provider: string): boolean {
  return FRAMEWORKS.has(provider.toLowerCase());
}

export function defaultProviderEndpoint(provider: string): string | undefined {
  return DEFAULT_ENDPOINTS[provider.toLowerCase()];
}
