/**
 * The shared catalogue the rules build on, as data in rules/catalog/: which calls are LLM calls
 * and where their prompt goes (providers.yaml), where untrusted data comes from (sources.yaml),
 * what neutralises it (sanitizers.yaml), and which calls load models (models.yaml).
 */
import { z } from 'zod';

const names = z.array(z.string().min(1)).min(1);

/** An argument by keyword / options-object property name and/or by position. */
export const argRefSchema = z
  .object({
    arg: z.string().min(1).optional(),
    pos: z.number().int().min(0).optional(),
    receiver: z.boolean().optional().describe('The receiver (a LangChain chain or prompt template) carries the prompt.'),
  })
  .strict();

export const promptPartSchema = argRefSchema
  .extend({
    position: z.enum(['system', 'user']).default('user'),
    shape: z.enum(['text', 'messages']).default('text').describe("'messages': a list of role/content items; system items count as the system position."),
  })
  .strict();

export const llmCallSchema = z
  .object({
    call: names,
    /** 'call' sends a prompt and returns model output; 'config' only sets up a prompt (a model's
     * system instruction, a request object) that a later call sends. */
    kind: z.enum(['call', 'config']).default('call'),
    prompt: z.array(promptPartSchema).default([]),
    model: argRefSchema.optional(),
    /** The call streams: always, or when this argument is true. */
    streaming: z.union([z.literal('always'), z.string()]).optional(),
  })
  .strict();

export const providerSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    /** Module names (pip / npm) that identify the SDK: for the prefilter and the AI-BOM. */
    sdks: names,
    /** Client constructors: their model / endpoint arguments feed the inventory. */
    clients: z.array(z.string()).default([]),
    calls: z.array(llmCallSchema).min(1),
  })
  .strict();

export const sourceSchema = z
  .object({
    label: z.string().min(1),
    description: z.string().min(1),
    /** Values that are untrusted themselves (`flask.request`, `sys.argv`): everything read from them is. */
    values: z.array(z.string()).default([]),
    /** Calls whose result is untrusted (`input`, `requests.get`). */
    calls: z.array(z.string()).default([]),
    /** Labels this source replaces when it is a more specific part of them (`request.files`). */
    replaces: z.array(z.string()).default([]),
    /** Attributes of this source that are not attacker-controlled (`request.user`, `request.method`). */
    trustedAttributes: z.array(z.string()).default([]),
    /** Attributes that, read from data carrying a replaced label, are this source (`req.file`, `req.files`). */
    attributes: z.array(z.string()).default([]),
  })
  .strict();

/** Functions whose parameters receive untrusted data (web framework handlers). */
export const handlerSchema = z
  .object({
    label: z.string().min(1),
    description: z.string().min(1),
    /** Decorators that make a function a handler (`fastapi.FastAPI().post`). */
    decorators: z.array(z.string()).default([]),
    /** Calls that register their function arguments as handlers (`express().post`). */
    registrations: z.array(z.string()).default([]),
    /** Exported functions with these names are handlers (Next.js route handlers). */
    exportedNames: z.array(z.string()).default([]),
    /** Parameters annotated with one of these types are untrusted. */
    annotations: z.array(z.string()).default([]),
    /** Parameters with these names, in modules importing one of `moduleImports`. */
    paramNames: z.array(z.string()).default([]),
    moduleImports: z.array(z.string()).default([]),
    /** Which parameters: 'all', or indices. */
    params: z.union([z.literal('all'), z.array(z.number().int().min(0))]).default('all'),
    /** Parameters whose default is a call to one of these are injected, not user data (`Depends`). */
    skipDefaults: z.array(z.string()).default([]),
    /** Destructured parameter properties that are untrusted (`{ searchParams }`). */
    destructured: z.array(z.string()).default([]),
    /** Parameters with these annotations are converted by the framework, not text (`int`, `UUID`). */
    skipAnnotations: z.array(z.string()).default([]),
    /** Annotation or default text (regex) showing the framework validates the value (`Query(max_length=200)`). */
    validatedWhen: z.string().optional(),
    /** Route-path converters that make a parameter a number (`<int:page_id>`). */
    typedConverters: z.array(z.string()).default([]),
    /** Language families the handler convention belongs to (default: both). */
    languages: z.array(z.enum(['python', 'javascript'])).default(['python', 'javascript']),
  })
  .strict();

export const sanitizerKindSchema = z
  .object({
    kind: z.string().min(1),
    description: z.string().min(1),
    calls: z.array(z.string()).default([]),
    /** Method names that sanitise on any receiver (`.escape()`), use only for distinctive names. */
    methods: z.array(z.string()).default([]),
    /** Regular expression on the called function's own name (user-written validators). */
    calleeNameMatches: z.string().optional(),
    /** Classes whose construction validates (pydantic models): any class with one of these bases. */
    validatingBases: z.array(z.string()).default([]),
  })
  .strict();

export const guardSchema = z
  .object({
    /** Calls that, used as an `if` test on a value, validate it (`re.fullmatch`). */
    calls: z.array(z.string()).default([]),
    /** Methods on the value itself (`x.isdigit()`), or on a collection/pattern holding it (`ALLOWED.includes(x)`, `/re/.test(x)`). */
    valueMethods: z.array(z.string()).default([]),
    collectionMethods: z.array(z.string()).default([]),
  })
  .strict();

export const modelLoaderSchema = z
  .object({
    call: names,
    kind: z.enum(['huggingface-hub', 'local-file', 'url']),
    name: argRefSchema.optional(),
    revision: z.string().optional(),
    /** Names that load local files, not a Hub repository (`load_dataset("csv", ...)`). */
    localNames: z.array(z.string()).default([]),
  })
  .strict();

export const catalogSchema = z
  .object({
    providers: z.array(providerSchema).default([]),
    sources: z.array(sourceSchema).default([]),
    handlers: z.array(handlerSchema).default([]),
    sanitizers: z.array(sanitizerKindSchema).default([]),
    guards: guardSchema.optional(),
    modelLoaders: z.array(modelLoaderSchema).default([]),
    /** Calls that return their first argument's function (`util.promisify(exec)`, `functools.partial(os.system)`). */
    wrappers: z.array(z.string()).default([]),
  })
  .strict();

export type Catalog = z.infer<typeof catalogSchema>;
export type Provider = z.infer<typeof providerSchema>;
export type LlmCallSpec = z.infer<typeof llmCallSchema>;
export type PromptPart = z.infer<typeof promptPartSchema>;
export type ArgRef = z.infer<typeof argRefSchema>;
export type SourceSpec = z.infer<typeof sourceSchema>;
export type HandlerSpec = z.infer<typeof handlerSchema>;
export type SanitizerKind = z.infer<typeof sanitizerKindSchema>;
export type ModelLoader = z.infer<typeof modelLoaderSchema>;
