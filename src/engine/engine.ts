/**
 * The one analysis entry point for every face: text in, FileResult out. The CLI, the worker
 * threads of a workspace scan and the editor all call `analyzeText` / `analyzeTree`, so
 * suppressions, severities and filters are applied once, here, and agree everywhere.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Tree } from 'web-tree-sitter';
import type { LanguageId, ModuleIR } from './ir';
import type { FileResult, Finding, ScanNotice } from './findings';
import { DEFAULT_CONFIG, type AnalyzeOptions, type EngineConfig } from './api';
import { languageFamily, languageForPath } from './languages';
import { parse, parseFailureReason } from './parser';
import { AnalysisBudget, BudgetExceededError } from './budget';
import { lowerPython } from './lower/python';
import { lowerJavaScript, markExported } from './lower/javascript';
import { chunksIsolatingErrors } from './error-isolation';
import { moduleOfChunks } from './document-chunks';
import { LineIndex } from './span';
import { loadRuleDirs, type LoadedRules } from './rules/loader';
import type { RuleInfo, RuleSpec } from './rules/model';
import type { Catalog } from './rules/catalog-model';
import { RuleSet } from './analysis/ruleset';
import { Interpreter } from './analysis/interpreter';
import { buildFindings } from './build-findings';
import { Prefilter } from './prefilter';
import { formatBytes } from './source-file';

export const DOCS_BASE = 'https://github.com/llmsec/llmsec/blob/main/docs/rules';

export class Engine {
  private readonly ruleSets = new Map<'python' | 'javascript', RuleSet>();
  readonly ruleInfos: RuleInfo[];
  private prefilterBuilt?: Prefilter;

  private constructor(
    readonly rules: RuleSpec[],
    readonly catalog: Catalog,
    readonly notices: ScanNotice[],
    readonly config: EngineConfig,
    origins: Map<string, string>,
    builtinDir: string,
  ) {
    this.ruleInfos = rules.map((r) => ({
      id: r.id,
      title: r.title,
      severity: config.severityOverrides[r.id] ?? r.severity,
      languages: r.languages,
      docs: r.docs,
      standards: r.standards,
      helpUri: `${DOCS_BASE}/${r.id}.md`,
      origin: origins.get(r.id)?.startsWith(builtinDir) ? 'builtin' : (origins.get(r.id) ?? 'builtin'),
    }));
  }

  /** Built on first use: an engine that only reports (the CLI's, while workers scan) never needs it. */
  get prefilter(): Prefilter {
    return (this.prefilterBuilt ??= new Prefilter(this.rules, this.catalog));
  }

  /** Loads the built-in rules and the configured rule directories. Never throws on bad rules. */
  static create(options: { config?: Partial<EngineConfig>; builtinRulesDir?: string } = {}): Engine {
    const config: EngineConfig = { ...DEFAULT_CONFIG, ...options.config };
    const builtinDir = options.builtinRulesDir ?? defaultRulesDir();
    return Engine.fromLoaded(loadRuleDirs(builtinDir, config.ruleDirs), options);
  }

  /**
   * An engine over rules loaded and validated elsewhere (`loadRuleDirs` of the same directories,
   * e.g. by the thread that started this worker): no file is read, nothing validated again.
   */
  static fromLoaded(loaded: LoadedRules, options: { config?: Partial<EngineConfig>; builtinRulesDir?: string } = {}): Engine {
    const config: EngineConfig = { ...DEFAULT_CONFIG, ...options.config };
    const builtinDir = options.builtinRulesDir ?? defaultRulesDir();
    const active = loaded.rules.filter((r) => !config.disabledRules.includes(r.id));
    return new Engine(active, loaded.catalog, loaded.notices, config, loaded.origins, builtinDir);
  }

  ruleSet(lang: LanguageId): RuleSet {
    const family = languageFamily(lang);
    let set = this.ruleSets.get(family);
    if (!set) this.ruleSets.set(family, (set = new RuleSet(this.rules, this.catalog, family)));
    return set;
  }

  /** The size limit of a workspace scan holds for editor text too: memory grows with the file. */
  sizeNotice(file: string, text: string): ScanNotice | undefined {
    if (text.length <= this.config.maxFileBytes / 3) return undefined; // UTF-8 needs at most 3 bytes per UTF-16 unit
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes <= this.config.maxFileBytes) return undefined;
    return { level: 'warning', reason: 'too-large', file, message: `${file}: ${formatBytes(bytes)} is over the ${formatBytes(this.config.maxFileBytes)} limit, skipped` };
  }

  /** What is left of a file's parse time: the parse timeout, within the file's budget (at least 1 ms). */
  parseTimeLeft(started: number): number {
    const { parseTimeoutMs, fileTimeoutMs } = this.config;
    return Math.max(1, Math.min(parseTimeoutMs, started + fileTimeoutMs - performance.now()));
  }

  /** Parses and analyses one file's text. */
  async analyzeText(file: string, text: string, options: AnalyzeOptions = {}): Promise<FileResult> {
    const started = performance.now();
    const language = options.language ?? languageForPath(file);
    if (!language) return emptyResult(file, 'python', [{ level: 'info', reason: 'unsupported', file, message: `${file}: not a supported language` }], started);
    const tooLarge = this.sizeNotice(file, text);
    if (tooLarge) return emptyResult(file, language, [tooLarge], started);
    let tree: Tree;
    try {
      // The parse may use its own budget, but never more than what is left of the file's.
      const timeoutMs = Math.min(this.config.parseTimeoutMs, this.config.fileTimeoutMs);
      tree = await parse(language, text, { timeoutMs });
    } catch (err) {
      return emptyResult(file, language, [{ level: 'warning', reason: parseFailureReason(err), file, message: `${file}: skipped, ${(err as Error).message}` }], started);
    }
    try {
      if (tree.rootNode.hasError) return await this.analyzeBrokenTree(file, text, tree, language, options, started);
      return this.analyzeTree(file, text, tree, language, options, started);
    } finally {
      tree.delete();
    }
  }

  /**
   * A tree with syntax errors, lowered statement by statement as the editor does, with the
   * stretches around its errors parsed again in pieces (error-isolation.ts).
   */
  private async analyzeBrokenTree(file: string, text: string, tree: Tree, language: LanguageId, options: AnalyzeOptions, started: number): Promise<FileResult> {
    const budget = AnalysisBudget.from(started, this.config.fileTimeoutMs);
    let module: ModuleIR;
    try {
      const chunks = await chunksIsolatingErrors(tree, text, language, new LineIndex(text), () => this.parseTimeLeft(started), budget);
      module = moduleOfChunks(language, chunks);
      markExported(module.body, new Set(chunks.flatMap((c) => c.exportedNames)));
    } catch (err) {
      return failedResult(file, language, err, started);
    }
    return this.analyzeModule(file, text, module, options, started, budget);
  }

  /**
   * Analyses an already parsed tree (the editor keeps trees for incremental parsing). Never
   * throws: a file over the time budget, or one the analysis fails on, comes back without
   * findings and with a notice saying why.
   */
  analyzeTree(file: string, text: string, tree: Tree, language: LanguageId, options: AnalyzeOptions = {}, started = performance.now(), lowering?: (budget: AnalysisBudget) => ModuleIR): FileResult {
    const budget = AnalysisBudget.from(started, this.config.fileTimeoutMs);
    let module: ModuleIR;
    try {
      module = lowering ? lowering(budget) : lower(tree, text, language, budget);
    } catch (err) {
      return failedResult(file, language, err, started);
    }
    return this.analyzeModule(file, text, module, options, started, budget);
  }

  analyzeModule(file: string, text: string, module: ModuleIR, options: AnalyzeOptions = {}, started = performance.now(), budget?: AnalysisBudget): FileResult {
    try {
      return this.analyzeModuleUnguarded(file, text, module, options, started, budget ?? AnalysisBudget.from(started, this.config.fileTimeoutMs));
    } catch (err) {
      return failedResult(file, module.language, err, started);
    }
  }

  private analyzeModuleUnguarded(file: string, text: string, module: ModuleIR, options: AnalyzeOptions, started: number, budget: AnalysisBudget): FileResult {
    const notices: ScanNotice[] = [];
    if (module.syntaxErrors.length) {
      notices.push({ level: 'info', reason: 'syntax-error', file, message: `${file}: ${module.syntaxErrors.length} syntax error(s); findings come from the parts that parsed` });
    }
    const rules = this.ruleSet(module.language);
    const facts = new Interpreter(module, text, rules, budget).run();
    const root = options.root ?? path.dirname(file);
    const built = buildFindings({ file, text, module, facts, rules, engine: this, relativePath: path.relative(root, file) || path.basename(file), budget });
    if (built.fixesSkipped) {
      notices.push({ level: 'info', reason: 'fixes-timeout', file, message: `${file}: the file's time budget ran out before the quick fixes of ${built.fixesSkipped} finding(s) were computed; they offer only suppression` });
    }
    return {
      file,
      language: module.language,
      findings: built.findings,
      callSites: built.callSites,
      modelSources: built.modelSources,
      notices,
      elapsedMs: performance.now() - started,
    };
  }

  severityOf(rule: RuleSpec, position?: 'system' | 'user'): Finding['severity'] {
    const override = this.config.severityOverrides[rule.id];
    if (override) return override;
    if (position === 'system' && rule.systemPositionSeverity) return rule.systemPositionSeverity;
    return rule.severity;
  }
}

export function lower(tree: Tree, text: string, language: LanguageId, budget?: AnalysisBudget): ModuleIR {
  return language === 'python' ? lowerPython(tree.rootNode, text, budget) : lowerJavaScript(tree.rootNode, text, language, budget);
}

/** rules/ next to the bundle (out/../rules) or next to the sources (src/engine/../../rules). */
export function defaultRulesDir(): string {
  const candidates = [path.join(__dirname, '..', 'rules'), path.join(__dirname, '..', '..', 'rules')];
  return candidates.find((d) => fs.existsSync(path.join(d, 'catalog'))) ?? candidates[0];
}

/** A file the budget ran out on ('timeout') or the analysis failed on ('internal-error'). */
function failedResult(file: string, language: LanguageId, err: unknown, started: number): FileResult {
  if (err instanceof BudgetExceededError) {
    return emptyResult(file, language, [{ level: 'warning', reason: 'timeout', file, message: `${file}: skipped, ${err.message}` }], started);
  }
  const what = err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : String(err);
  return emptyResult(file, language, [{ level: 'error', reason: 'internal-error', file, message: `${file}: skipped, the analysis failed (${what})` }], started);
}

function emptyResult(file: string, language: LanguageId, notices: ScanNotice[], started: number): FileResult {
  return { file, language, findings: [], callSites: [], modelSources: [], notices, elapsedMs: performance.now() - started };
}
