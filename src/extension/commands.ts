/**
 * Every command the extension contributes, by id. package.json's contributes.commands must list
 * exactly these (checked by test/extension-contributions.test.ts and, in a real VS Code, by
 * test/vscode/suite/commands.host-test.ts); all are registered at activation.
 */
export const COMMANDS = {
  scanWorkspace: 'llmsec.scanWorkspace',
  openRiskPanel: 'llmsec.openRiskPanel',
  exportSarif: 'llmsec.exportSarif',
  exportAiBom: 'llmsec.exportAiBom',
  showRuleDocumentation: 'llmsec.showRuleDocumentation',
  showLog: 'llmsec.showLog',
  /** Empties the result cache kept between sessions. */
  clearCache: 'llmsec.clearCache',
  /** Applies every preferred fix in the active (or given) file. */
  fixAllInFile: 'llmsec.fixAllInFile',
  /** Internal: run by quick fixes (hidden from the command palette). */
  applyFix: 'llmsec.applyFix',
  /** Internal: run by links in hovers and the risk panel. */
  openLocation: 'llmsec.openLocation',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const INTERNAL_COMMANDS: readonly CommandId[] = [COMMANDS.applyFix, COMMANDS.openLocation];

export const VIEW_CONTAINER_ID = 'llmsec';
export const RISK_VIEW_ID = 'llmsec.riskView';
export const RISK_PANEL_VIEW_TYPE = 'llmsec.riskPanel';
export const RULE_DOC_SCHEME = 'llmsec-rule';
