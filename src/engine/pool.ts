/**
 * A pool of analysis worker threads, sized to the cores. The CLI's workspace scan and the
 * editor share it. Without a bundled worker script (running from sources) it analyses on the
 * calling thread instead, with identical results.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineConfig } from './api';
import type { LanguageId } from './ir';
import { Engine } from './engine';
import { analyzeFileAt, type FileOutcome } from './analyze-file';

export interface WorkerInit {
  config: EngineConfig;
  builtinRulesDir?: string;
}

export type WorkerRequest =
  | { id: number; kind: 'file'; file: string; root: string }
  | { id: number; kind: 'text'; file: string; text: string; language?: LanguageId; root: string };

export type WorkerResponse = { id: number; outcome: FileOutcome } | { id: number; error: string };

interface Slot {
  worker: Worker;
  busy: number;
}

export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, { resolve: (o: FileOutcome) => void; reject: (e: Error) => void; slot: Slot }>();
  private nextId = 1;
  private local?: Engine;

  constructor(
    private readonly init: WorkerInit,
    size = defaultPoolSize(),
    workerScript = defaultWorkerScript(),
  ) {
    if (size <= 0 || !workerScript) {
      this.local = Engine.create({ config: init.config, builtinRulesDir: init.builtinRulesDir });
      return;
    }
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(workerScript));
  }

  get threads(): number {
    return this.slots.length;
  }

  analyzeFile(file: string, root: string): Promise<FileOutcome> {
    if (this.local) return analyzeFileAt(this.local, file, root);
    return this.send({ id: this.nextId++, kind: 'file', file, root });
  }

  async analyzeText(file: string, text: string, root: string, language?: LanguageId): Promise<FileOutcome> {
    if (this.local) {
      const result = await this.local.analyzeText(file, text, { language, root });
      return { result, notices: result.notices, analysed: true, skipped: false };
    }
    return this.send({ id: this.nextId++, kind: 'text', file, text, language, root });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private spawn(script: string): Slot {
    const worker = new Worker(script, { workerData: this.init });
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (res: WorkerResponse) => {
      const pending = this.waiting.get(res.id);
      if (!pending) return;
      this.waiting.delete(res.id);
      slot.busy--;
      if ('error' in res) pending.reject(new Error(res.error));
      else pending.resolve(res.outcome);
    });
    worker.on('error', (err) => this.failAll(slot, err));
    worker.on('exit', (code) => {
      if (code !== 0) this.failAll(slot, new Error(`analysis worker exited with code ${code}`));
    });
    return slot;
  }

  private failAll(slot: Slot, err: Error): void {
    for (const [id, p] of this.waiting) {
      if (p.slot !== slot) continue;
      this.waiting.delete(id);
      p.reject(err);
    }
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (!this.slots.length) this.local = Engine.create({ config: this.init.config, builtinRulesDir: this.init.builtinRulesDir });
  }

  private send(req: WorkerRequest): Promise<FileOutcome> {
    if (!this.slots.length) return this.local ? this.analyzeFile((req as { file: string }).file, req.root) : Promise.reject(new Error('no analysis workers'));
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.waiting.set(req.id, { resolve, reject, slot });
      slot.worker.postMessage(req);
    });
  }
}

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 8));
}

/** worker.js beside the running bundle (out/); from sources there is none and the pool works in-thread. */
export function defaultWorkerScript(): string | undefined {
  const script = path.join(__dirname, 'worker.js');
  return fs.existsSync(script) ? script : undefined;
}
