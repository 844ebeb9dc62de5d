/**
 * The risk score, defined once for the risk panel, the HTML report and the CLI summary.
 *
 *   computeRiskScore(findings: readonly Finding[]): RiskScore
 *   riskScoreOfResult(result: ScanResult): RiskScore
 *   RISK_WEIGHTS: Record<Severity, number>
 *   RISK_SCALE: number
 *   RISK_SCORE_EXPLANATION: string      one paragraph, shown wherever the score is shown
 *
 * Each open (not suppressed) finding adds points by severity; the score grows with the points but
 * saturates, so it stays in 0..100 and a large workspace with many low findings does not look
 * like one with a handful of critical ones:
 *     score = round(100 * (1 - e^(-points / RISK_SCALE)))
 * The rating is the band of the score, raised to at least 'high' when any critical finding is
 * open (one code-execution path is enough to matter).
 */
import type { Finding, ScanResult, Severity } from '../engine/findings';
import { SEVERITY_ORDER, severityRank } from '../engine/findings';

export const RISK_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 10,
  high: 5,
  medium: 2,
  low: 0.5,
  info: 0,
};

/** Points at which the score reaches 63 (1 - 1/e). */
export const RISK_SCALE = 25;

export type RiskRating = 'none' | 'low' | 'moderate' | 'high' | 'critical';

export interface RiskScore {
  /** 0..100. */
  score: number;
  rating: RiskRating;
  /** Sum of the weights of the open findings. */
  points: number;
  /** Open findings per severity. */
  open: Record<Severity, number>;
  /** Findings suppressed inline or accepted in the register (they add no points). */
  suppressed: number;
  accepted: number;
}

export const RISK_SCORE_EXPLANATION =
  `Each open finding adds points by severity: critical ${RISK_WEIGHTS.critical}, high ${RISK_WEIGHTS.high}, ` +
  `medium ${RISK_WEIGHTS.medium}, low ${RISK_WEIGHTS.low}, info ${RISK_WEIGHTS.info}. ` +
  `The score is 100 × (1 − e^(−points / ${RISK_SCALE})), rounded: 0 with no open findings, ` +
  `63 at ${RISK_SCALE} points, 86 at ${RISK_SCALE * 2}, approaching but never exceeding 100. ` +
  'Findings suppressed with a justification or accepted in the risk register add nothing. ' +
  'Rating: none (0), low (1–24), moderate (25–49), high (50–74), critical (75–100); ' +
  'any open critical finding makes the rating at least high.';

function emptyCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

function band(score: number): RiskRating {
  if (score === 0) return 'none';
  if (score < 25) return 'low';
  if (score < 50) return 'moderate';
  if (score < 75) return 'high';
  return 'critical';
}

const RATING_ORDER: readonly RiskRating[] = ['none', 'low', 'moderate', 'high', 'critical'];

export function computeRiskScore(findings: readonly Finding[]): RiskScore {
  const open = emptyCounts();
  let suppressed = 0;
  let accepted = 0;
  for (const f of findings) {
    if (f.suppression?.kind === 'register') accepted++;
    else if (f.suppression) suppressed++;
    else open[f.severity]++;
  }
  // Sum in a fixed order so floating-point rounding never depends on finding order.
  const points = SEVERITY_ORDER.reduce((sum, s) => sum + open[s] * RISK_WEIGHTS[s], 0);
  const score = Math.round(100 * (1 - Math.exp(-points / RISK_SCALE)));
  let rating = band(score);
  if (open.critical > 0 && RATING_ORDER.indexOf(rating) < RATING_ORDER.indexOf('high')) rating = 'high';
  return { score, rating, points, open, suppressed, accepted };
}

export function riskScoreOfResult(result: ScanResult): RiskScore {
  return computeRiskScore(result.files.flatMap((f) => f.findings));
}

/** Severities from most to least severe, for tables and charts. */
export const SEVERITIES_DESCENDING: readonly Severity[] = [...SEVERITY_ORDER].sort((a, b) => severityRank(b) - severityRank(a));
