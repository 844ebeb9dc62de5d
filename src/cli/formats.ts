/** Machine-readable scan outputs: JSON, SARIF 2.1.0, the HTML risk report. */
import type { ScanResult } from '../engine/findings';
import type { Engine } from '../engine/engine';
import { serializeJsonReport, toJsonReport } from '../report/json';
import { serializeSarif, toSarif } from '../report/sarif';
import { renderHtmlReport } from '../report/html';
import { diskSourceReader } from '../report/source';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'html';

export function writeReport(format: Exclude<ReportFormat, 'text'>, result: ScanResult, engine: Engine, options: { timings: boolean; owaspEdition: '2025' | '2026' }): string {
  switch (format) {
    case 'json':
      return serializeJsonReport(toJsonReport(result, { includeTimings: options.timings }));
    case 'sarif':
      return serializeSarif(toSarif(result, engine.ruleInfos, { readSource: diskSourceReader(result.root) }));
    case 'html':
      return renderHtmlReport(result, engine.ruleInfos, { readSource: diskSourceReader(result.root), owaspEdition: options.owaspEdition });
  }
}
